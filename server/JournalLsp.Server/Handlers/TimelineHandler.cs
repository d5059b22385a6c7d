using JournalLsp.Core.Search;
using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary><c>journal/timeline</c>: entries per month or week, and the days matching a query (docs/lsp-extensions.md).</summary>
internal sealed class TimelineHandler(JournalWorkspace workspace)
{
    /// <summary>The timeline for <paramref name="p"/>.</summary>
    /// <exception cref="InvalidParamsException">For a <c>by</c> other than month or week, a bad date, or a query that is too long.</exception>
    public async Task<TimelineResult> HandleAsync(TimelineParams? p, CancellationToken cancellationToken)
    {
        var by = Conversions.By(p?.By);
        var from = Conversions.Day(p?.From, "from");
        var to = Conversions.Day(p?.To, "to");
        var timeline = await workspace.TimelineAsync(p?.Query, by, from, to, cancellationToken);
        return new TimelineResult(
            [.. timeline.Bins.Select(b => new TimelineBinInfo(b.Start.ToString("yyyy-MM-dd"), b.Entries, b.Matches))],
            timeline.Range?.Describe());
    }
}
