using System.Globalization;
using JournalLsp.Indexing;
using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;
using StreamJsonRpc;

namespace JournalLsp.Server.Handlers;

/// <summary><c>journal/search</c> and the <c>journal.ask</c> command: a question in plain words.</summary>
internal sealed class SearchHandler(JournalWorkspace workspace)
{
    public Task<JournalResult[]> HandleAsync(SearchParams p, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(p.Question))
            throw new LocalRpcException("question must not be empty") { ErrorCode = ErrorCodes.InvalidParams };
        var options = new AskOptions(p.Top ?? 10, Day(p.From, "from"), Day(p.To, "to"));
        return workspace.RunAsync(e => e.Ask(p.Question, options).Select(r => Conversions.ToProto(e.JournalFolder, r)).ToArray(), cancellationToken);
    }

    private static DateOnly? Day(string? value, string name) =>
        value is null ? null
        : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new LocalRpcException($"{name} must be YYYY-MM-DD, got '{value}'") { ErrorCode = ErrorCodes.InvalidParams };
}
