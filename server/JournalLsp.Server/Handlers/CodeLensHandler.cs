using System.Text.Json;
using JournalLsp.Indexing;
using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Handlers;

/// <summary>
/// <c>textDocument/codeLens</c> and <c>codeLens/resolve</c>. Above each entry's heading: "N related days" (N is how
/// many days <c>journal.findSimilarDays</c>, which the lens runs, will list; resolved lazily) and, when earlier years have
/// an entry on the same month and day, "On this day: 2021 · 2019" (running <c>journal.onThisDay</c>).
/// </summary>
internal sealed class CodeLensHandler(JournalWorkspace workspace)
{
    private const int OnThisDayYears = 4;

    /// <summary>What an unresolved lens carries to <c>codeLens/resolve</c>: the entry's key, and where it starts.</summary>
    private sealed record LensData(string Uri, int Line, string Path, string Entry);

    public async Task<CodeLens[]> HandleAsync(CodeLensParams p, CancellationToken cancellationToken)
    {
        if (p?.TextDocument?.Uri is not { } uri || workspace.EntriesOf(uri) is not { } document) return [];
        var lenses = new List<CodeLens>();
        var dated = document.Entries.Where(e => e.Date is not null).Select(e => e.Date!.Value).Distinct().ToList();
        var earlier = await workspace.OnThisDayAsync(dated, OnThisDayYears, cancellationToken);
        foreach (var entry in document.Entries)
        {
            var range = new Protocol.Range(new Position(entry.StartLine, 0), new Position(entry.StartLine, 0));
            var key = document.KeyOf(entry);
            lenses.Add(new CodeLens(range, Data: LspJson.ToElement(new LensData(uri, entry.StartLine, key.Path, key.Name))));
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
        try { data = lens.Data?.Deserialize<LensData>(LspJson.Options); }
        catch (JsonException) { }
        if (data?.Path is null || data.Entry is null) return lens with { Command = new Command("related days", "") };

        var position = new Position(data.Line, 0);
        int count;
        try
        {
            count = await workspace.RelatedDaysCountAsync(new Core.Search.EntryKey(data.Path, data.Entry), cancellationToken);
        }
        catch (JournalException)
        {
            return lens with { Command = new Command("not indexed yet", "") };
        }
        var title = count == 0 ? "no related days yet" : count == 1 ? "1 related day" : $"{count} related days";
        return lens with
        {
            Command = new Command(title, JournalMethods.FindSimilarDaysCommand, [LspJson.ToElement(data.Uri), LspJson.ToElement(position)]),
        };
    }
}
