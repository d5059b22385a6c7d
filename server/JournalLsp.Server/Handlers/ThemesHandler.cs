using JournalLsp.Core.Search;
using JournalLsp.Indexing;
using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary><c>journal/themes</c>: what the journal keeps coming back to, in a period (docs/lsp-extensions.md).</summary>
internal sealed class ThemesHandler(JournalWorkspace workspace)
{
    /// <summary>The themes for <paramref name="p"/>.</summary>
    /// <exception cref="InvalidParamsException">For a <c>by</c> other than month or week, a bad date, <c>to</c> before <c>from</c>, or a <c>max</c> below 1.</exception>
    public async Task<ThemesResult> HandleAsync(ThemesParams? p, CancellationToken cancellationToken)
    {
        var by = Conversions.By(p?.By);
        if (p?.Max is < 1) throw new InvalidParamsException($"max must be at least 1, not {p.Max}");
        var (from, to) = Conversions.Period(p?.From, p?.To);
        var query = new ThemeQuery(from, to, p?.Max, by, p?.Theme);
        var themes = await workspace.ThemesAsync(query, cancellationToken);
        return new ThemesResult([.. themes.Themes.Select(t => new ThemeInfo(t.Id, t.Label, [.. t.Terms],
            [.. t.Days.Select(d => d.ToString("yyyy-MM-dd"))], t.First.ToString("yyyy-MM-dd"), t.Last.ToString("yyyy-MM-dd"),
            [.. t.Bins.Select(b => new ThemeBinInfo(b.Start.ToString("yyyy-MM-dd"), b.Matches))],
            Conversions.ToProto(workspace.Folder, t.Example), t.Passages is { } passages ? Conversions.ToProto(workspace.Folder, passages) : null,
            ThemeTrends.Name(t.Trend)))]);
    }
}
