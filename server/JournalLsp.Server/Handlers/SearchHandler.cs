using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary><c>journal/search</c>: a question in plain words.</summary>
internal sealed class SearchHandler(JournalWorkspace workspace)
{
    /// <summary>The entries that answer the question, best first.</summary>
    /// <exception cref="InvalidParamsException">For an empty question or a bad date.</exception>
    public async Task<JournalResult[]> HandleAsync(SearchParams p, CancellationToken cancellationToken) =>
        Conversions.ToProto(workspace.Folder, await workspace.AskAsync(
            p?.Question, Conversions.Day(p?.From, "from"), Conversions.Day(p?.To, "to"), p?.Top, cancellationToken));
}
