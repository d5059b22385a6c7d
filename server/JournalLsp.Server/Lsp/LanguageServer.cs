using JournalLsp.Indexing;
using StreamJsonRpc;

namespace JournalLsp.Server.Lsp;

/// <summary>Runs the LSP over a pair of streams (stdio in production, in-memory pipes in tests).</summary>
public static class LanguageServer
{
    /// <summary>Serves until <c>exit</c> or the end of input; returns the exit code (0 after <c>shutdown</c>, else 1).</summary>
    /// <param name="input">Messages from the client.</param>
    /// <param name="output">Messages to the client: only protocol frames ever go here.</param>
    /// <param name="openEngine">Opens the engine for a journal folder (tests point the index at a scratch file).</param>
    public static async Task<int> RunAsync(Stream input, Stream output, Func<string, JournalEngine>? openEngine = null)
    {
        openEngine ??= folder => JournalEngine.Open(new JournalEngineOptions { JournalFolder = folder });
        var exit = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = Protocol.LspJson.Options };
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(output, input, formatter));
        rpc.AddLocalRpcTarget(new LspTarget(openEngine, exit), new JsonRpcTargetOptions { DisposeOnDisconnect = true });
        rpc.StartListening();
        var finished = await Task.WhenAny(exit.Task, rpc.Completion);
        return finished == exit.Task ? exit.Task.Result : 1;
    }
}
