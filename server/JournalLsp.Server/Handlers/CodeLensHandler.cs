using System.Text.Json;
using JournalLsp.Indexing;
using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary>
/// <c>textDocument/codeLens</c> and <c>codeLens/resolve</c>. Above each entry's heading: "N related days" when the
/// entry has related days (N is how many of the days <c>journal.findSimilarDays</c>, which the lens runs, lists are
/// related; no lens when none is, or while the entry is not indexed) and, when earlier years have an entry on the same
/// month and day, "On this day: 2021 · 2019" (running <c>journal.onThisDay</c>). In a file of up to a month of
/// entries, lenses come resolved, since whether there is a lens at all depends on the count (one ranking per entry,
/// cached by the engine until the index changes); in a longer file they carry data only and
/// <c>codeLens/resolve</c> counts ("no related days" when there are none).
/// </summary>
internal sealed class CodeLensHandler(JournalWorkspace workspace)
{
    private const int OnThisDayYears = 4;

    // Up to a month file of daily entries, lenses come resolved (whether there is one at all depends on the count):
    // one similar-days ranking per entry, 2-4 ms each on the Pepys index, so about 100 ms once per index change. A
    // longer file gets lenses carrying data only, resolved by the editor for the entries it shows.
    private const int ResolvedEntries = 31;

    /// <summary>What an unresolved lens carries to <c>codeLens/resolve</c>: the entry's key, and where it starts.</summary>
    internal sealed record LensData(string Uri, int Line, string Path, string Entry);

    public async Task<CodeLens[]> HandleAsync(CodeLensParams p, CancellationToken cancellationToken)
    {
        if (p?.TextDocument?.Uri is not { } uri || !workspace.Settings.CodeLenses || workspace.EntriesOf(uri) is not { } document) return [];
        var lenses = new List<CodeLens>();
        var dated = document.Entries.Where(e => e.Date is not null).Select(e => e.Date!.Value).Distinct().ToList();
        var earlier = await workspace.OnThisDayAsync(dated, OnThisDayYears, cancellationToken);
        var resolve = document.Entries.Count <= ResolvedEntries;
        foreach (var entry in document.Entries)
        {
            var range = new Protocol.Range(new Position(entry.StartLine, 0), new Position(entry.StartLine, 0));
            var key = document.KeyOf(entry);
            if (!resolve)
                lenses.Add(new CodeLens(range, Data: LspJson.ToElement(new LensData(uri, entry.StartLine, key.Path, key.Name))));
            else if (await RelatedLensAsync(uri, entry.StartLine, key, cancellationToken) is { } related)
                lenses.Add(new CodeLens(range, related));
            if (entry.Date is { } date && earlier[date] is { Count: > 0 } years)
                lenses.Add(new CodeLens(range, new Command(
                    "On this day: " + string.Join(" · ", years.Select(y => y.Date!.Value.Year)),
                    JournalMethods.OnThisDayCommand, [LspJson.ToElement(date.ToString("yyyy-MM-dd"))])));
        }
        return lenses.ToArray();
    }

    public async Task<CodeLens> ResolveAsync(CodeLens lens, CancellationToken cancellationToken)
    {
        if (lens.Command is not null) return lens;
        LensData? data = null;
        try { data = LspJson.FromElement<LensData>(lens.Data); }
        catch (JsonException) { }
        if (data?.Path is null || data.Entry is null) return lens with { Command = new Command("related days", "") };

        var command = await RelatedLensAsync(data.Uri, data.Line, new Core.Search.EntryKey(data.Path, data.Entry), cancellationToken);
        return lens with { Command = command ?? new Command("no related days", "") };
    }

    /// <summary>"N related days", running <c>journal.findSimilarDays</c> at the entry; null when none is related or the entry is not indexed.</summary>
    private async Task<Command?> RelatedLensAsync(string uri, int line, Core.Search.EntryKey key, CancellationToken cancellationToken)
    {
        int count;
        try
        {
            count = await workspace.RelatedDaysCountAsync(key, cancellationToken);
        }
        catch (JournalException)
        {
            return null; // not indexed yet: the refresh after indexing brings the lens
        }
        if (count == 0) return null;
        var title = count == 1 ? "1 related day" : $"{count} related days";
        return new Command(title, JournalMethods.FindSimilarDaysCommand, [LspJson.ToElement(uri), LspJson.ToElement(new Position(line, 0))]);
    }
}
