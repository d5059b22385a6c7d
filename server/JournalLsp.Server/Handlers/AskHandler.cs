using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary>
/// Asking the journal: <c>journal/search</c> (the wire name, kept for clients) takes a question in plain words;
/// <c>journal/understand</c> says how it is read.
/// </summary>
internal sealed class AskHandler(JournalWorkspace workspace)
{
    /// <summary>The entries that answer the question, best first.</summary>
    /// <exception cref="InvalidParamsException">For an empty question or a bad date.</exception>
    public async Task<JournalResult[]> HandleAsync(SearchParams p, CancellationToken cancellationToken) =>
        Conversions.ToProto(workspace.Folder, await workspace.AskAsync(
            p?.Question, Conversions.Day(p?.From, "from"), Conversions.Day(p?.To, "to"), p?.Top, cancellationToken));

    /// <summary>How the question is read: the words searched, its date phrase, the days kept (what a title can show).</summary>
    /// <exception cref="InvalidParamsException">For a bad date or a question that is too long.</exception>
    public async Task<UnderstandResult> UnderstandAsync(SearchParams p, CancellationToken cancellationToken)
    {
        var (question, range) = await workspace.UnderstandAsync(p?.Question, Conversions.Day(p?.From, "from"), Conversions.Day(p?.To, "to"), cancellationToken);
        return new UnderstandResult(question.Text, question.Phrase, range?.Describe());
    }
}
