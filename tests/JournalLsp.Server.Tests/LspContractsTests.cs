using System.Reflection;
using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;
using StreamJsonRpc;

namespace JournalLsp.Server.Tests;

/// <summary>
/// What the Native AOT server relies on, checked in the JIT-compiled build where it is quick to see: every method LSP
/// calls takes and returns types whose JSON contracts are generated (LspJsonContext), and returns a Task of a class
/// (StreamJsonRpc reads a Task's result through its T, code Native AOT has only for reference types).
/// </summary>
public class LspContractsTests
{
    private static IEnumerable<MethodInfo> RpcMethods() =>
        typeof(LspTarget).GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.GetCustomAttribute<JsonRpcMethodAttribute>() is not null);

    [Fact]
    public void Every_rpc_method_takes_types_with_generated_contracts()
    {
        var parameters = RpcMethods().SelectMany(m => m.GetParameters()).Select(p => p.ParameterType).Where(t => t != typeof(CancellationToken)).Distinct().ToList();
        Assert.Contains(typeof(TextDocumentPositionParams), parameters); // the reflection found the methods
        Assert.All(parameters, t => Assert.NotNull(LspJson.Options.GetTypeInfo(t)));
    }

    [Fact]
    public void Every_rpc_method_returns_a_class_with_a_generated_contract_or_a_task_of_one()
    {
        foreach (var method in RpcMethods())
        {
            var returns = method.ReturnType;
            if (returns == typeof(Task) || returns == typeof(void)) continue;
            Assert.False(returns.IsGenericType && returns.GetGenericTypeDefinition() != typeof(Task<>), $"{method.Name} returns {returns.Name}");
            var result = returns.IsGenericType ? returns.GetGenericArguments()[0] : returns; // Task<T>, or T answered at once
            Assert.False(result.IsValueType, $"{method.Name} returns a Task of the value type {result.Name}");
            Assert.NotNull(LspJson.Options.GetTypeInfo(result));
        }
    }

    [Fact]
    public void A_type_without_a_generated_contract_is_refused()
    {
        // The control: the options have no reflection fallback, so a missing contract fails here, not only compiled ahead of time.
        Assert.Throws<NotSupportedException>(() => LspJson.Options.GetTypeInfo(typeof(Uri)));
    }
}
