using JournalLsp.Indexing;
using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary>
/// <c>journal/similar</c> and the <c>journal.findSimilarDays</c> command: the days that read most like an entry,
/// found by date or by the entry holding a position in a document (as the editor holds it), or the passages of it a
/// selection touches, with the neighbour window
/// and forgotten-entry weight from settings.
/// </summary>
internal sealed class SimilarHandler(JournalWorkspace workspace)
{
    /// <summary>The days that read most like the entry named by date or by document position, best first.</summary>
    /// <exception cref="InvalidParamsException">For a bad date, or neither a date nor a document.</exception>
    /// <exception cref="JournalException">When the entry is not indexed (yet) or the document is not a journal file.</exception>
    public async Task<JournalResult[]> HandleAsync(SimilarParams p, CancellationToken cancellationToken)
    {
        var top = p.Top ?? workspace.Settings.Results;
        IReadOnlyList<SearchResult> results;
        if (Conversions.Day(p.Date, "date") is { } date)
            results = await workspace.SimilarDaysAsync(date, top, cancellationToken);
        else
        {
            var uri = p.TextDocument?.Uri ?? throw new InvalidParamsException("give textDocument (and position) or date");
            results = await workspace.SimilarDaysAtAsync(uri, p.Position?.Line, Conversions.Selection(p.Range), top, cancellationToken);
        }
        return Conversions.ToProto(workspace.Folder, results);
    }
}
