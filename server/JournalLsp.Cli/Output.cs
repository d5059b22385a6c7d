using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using JournalLsp.Indexing;

namespace JournalLsp.Cli;

/// <summary>Formats results and summaries: readable text, or the JSON shapes other tools rely on.</summary>
internal static class Output
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Whether stderr is a terminal, where progress rewrites one line: this process's own, or, in the daemon, that of
    /// the command line it answers.
    /// </summary>
    public static bool ErrorIsTerminal { get; set; } = !Console.IsErrorRedirected;

    public static void WriteJson(JsonNode node) => Console.Out.WriteLine(node.ToJsonString(s_json));

    /// <summary>
    /// The <c>--json</c> result shape: date, path, startLine, endLine (0-based), score, snippet, plus extras; "related"
    /// (true/false) where the engine judged it (similar days, and questions ranked with dense evidence); for similar days
    /// "because": {source: {startLine, startCharacter, endLine, endCharacter, text}, related: {...}, terms: [...]}.
    /// </summary>
    public static JsonArray ResultsJson(IEnumerable<SearchResult> results) => new([.. results.Select(r => (JsonNode)ResultJson(r))]);

    /// <summary>One result in the <see cref="ResultsJson"/> shape, a node of its own (no parent yet).</summary>
    public static JsonObject ResultJson(SearchResult r) => new JsonObject
    {
        ["date"] = r.Date?.ToString("yyyy-MM-dd"),
        ["path"] = r.Path,
        ["startLine"] = r.StartLine,
        ["endLine"] = r.EndLine,
        ["score"] = r.Score,
        ["snippet"] = r.Snippet,
        ["heading"] = r.Heading,
        ["entryStartLine"] = r.EntryStartLine,
        ["entryEndLine"] = r.EntryEndLine,
    }.WithRelated(r.Related).WithBecause(r.Because).WithLinked(r.Linked);

    private static JsonObject WithRelated(this JsonObject o, bool? related)
    {
        if (related is { } value) o["related"] = value;
        return o;
    }

    private static JsonObject WithLinked(this JsonObject o, bool linked)
    {
        if (linked) o["linked"] = true;
        return o;
    }

    private static JsonObject WithBecause(this JsonObject o, PassageEvidence? because)
    {
        if (because is null) return o;
        static JsonObject Passage(Passage p) => new()
        {
            ["startLine"] = p.StartLine, ["startCharacter"] = p.StartCharacter,
            ["endLine"] = p.EndLine, ["endCharacter"] = p.EndCharacter, ["text"] = p.Text,
        };
        o["because"] = new JsonObject
        {
            ["source"] = Passage(because.Source),
            ["related"] = Passage(because.Related),
            ["terms"] = new JsonArray([.. because.Terms.Select(t => (JsonNode)t)]),
        };
        return o;
    }

    /// <summary><c>import --json</c>: <c>{files: [relative paths], added, alreadyThere, photos, problems: [...]}</c>.</summary>
    public static JsonObject ImportJson(ImportReport report) => new()
    {
        ["files"] = new JsonArray([.. report.Files.Select(f => (JsonNode)f)]),
        ["added"] = report.Added,
        ["alreadyThere"] = report.AlreadyThere,
        ["photos"] = report.Photos,
        ["problems"] = new JsonArray([.. report.Problems.Select(p => (JsonNode)p)]),
    };

    /// <summary>The <c>forget --json</c> shape: indexPath, deleted [paths] (empty when nothing was stored).</summary>
    public static JsonObject ForgetJson(string indexPath, IEnumerable<string> deleted) => new()
    {
        ["indexPath"] = indexPath,
        ["deleted"] = new JsonArray(deleted.Select(p => (JsonNode)p).ToArray()),
    };

    /// <summary>The <c>index --json</c> shape: entries, chunks, embedded, reused, skipped [{path, reason}], seconds, plus extras (templateLines among them).</summary>
    public static JsonObject SummaryJson(IndexSummary s) => new()
    {
        ["entries"] = s.Entries,
        ["chunks"] = s.Chunks,
        ["embedded"] = s.Embedded,
        ["reused"] = s.Reused,
        ["skipped"] = new JsonArray(s.Skipped.Select(k => (JsonNode)new JsonObject { ["path"] = k.Path, ["reason"] = k.Reason }).ToArray()),
        ["seconds"] = Math.Round(s.Seconds, 3),
        ["files"] = s.Files,
        ["changedFiles"] = s.ChangedFiles,
        ["removedFiles"] = s.RemovedFiles,
        ["tokensEmbedded"] = s.TokensEmbedded,
        ["warnings"] = new JsonArray(s.Warnings.Select(k => (JsonNode)new JsonObject { ["path"] = k.Path, ["warning"] = k.Warning }).ToArray()),
        ["templateLines"] = new JsonArray((s.TemplateLines ?? []).Select(t => (JsonNode)t).ToArray()),
        ["windows"] = s.Windows,
        ["filesRead"] = s.FilesRead,
        ["notices"] = new JsonArray(s.Notices.Select(n => (JsonNode)n).ToArray()),
    };

    /// <summary>
    /// Results as text (1-based lines, as editors count), or as <see cref="ResultsJson"/>; with <paramref name="why"/>,
    /// each similar day's evidence under it: the source's passage, the day's, the words they share.
    /// </summary>
    public static void WriteResults(IReadOnlyList<SearchResult> results, bool json, bool why = false)
    {
        if (json) { WriteJson(ResultsJson(results)); return; }
        if (results.Count == 0) { Console.Out.WriteLine("No matching entries."); return; }
        if (results.All(r => r.Related == false)) Console.Out.WriteLine("Nothing closely related; the closest:");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            // Editors count lines from 1, so the readable form does too.
            var mark = r.Linked ? "  (already linked)" : r.Related == false ? "  (not closely related)" : "";
            Console.Out.WriteLine($"{i + 1,2}. {r.Date?.ToString("yyyy-MM-dd") ?? "(undated)"}  {r.Score:F3}  {r.Path}:{r.StartLine + 1}{mark}");
            if (why && r.Because is { } because)
            {
                Console.Out.WriteLine($"    this day:  {Snippet.Of(because.Source.Text, WhyChars)}");
                Console.Out.WriteLine($"    {r.Date?.ToString("yyyy-MM-dd") ?? "that note"}: {Snippet.Of(because.Related.Text, WhyChars)}");
                if (because.Terms.Count > 0) Console.Out.WriteLine($"    shared: {string.Join(", ", because.Terms)}");
            }
            else
                Console.Out.WriteLine($"    {r.Snippet}");
        }
    }

    // Each side of the evidence in at most this many characters: two lines of a terminal.
    private const int WhyChars = 200;

    /// <summary>
    /// The <c>timeline --json</c> shape, the server's <c>journal/timeline</c> result: bins [{start (YYYY-MM-DD),
    /// entries, matches}], filteredTo (the days kept in words, or null).
    /// </summary>
    public static JsonObject TimelineJson(JournalTimeline t) => new()
    {
        ["bins"] = new JsonArray(t.Bins.Select(b => (JsonNode)new JsonObject
        {
            ["start"] = b.Start.ToString("yyyy-MM-dd"),
            ["entries"] = b.Entries,
            ["matches"] = b.Matches,
        }).ToArray()),
        ["filteredTo"] = t.Range?.Describe(),
    };

    // Bars this many characters wide at the busiest bin: 40 keeps a line of month, counts and bar under 80 columns.
    private const int BarWidth = 40;

    /// <summary>
    /// The timeline as text: a line per month (<c>1665-09</c>) or week (its Monday), its entries and matching days,
    /// and a bar: <c>█</c> for matching days, <c>░</c> for the other entries, scaled to the busiest bin.
    /// </summary>
    public static void WriteTimeline(JournalTimeline t, Core.Search.TimelineBy by, bool json)
    {
        if (json) { WriteJson(TimelineJson(t)); return; }
        if (t.Bins.Count == 0) { Console.Out.WriteLine("No dated entries."); return; }
        var most = Math.Max(1, t.Bins.Max(b => b.Entries));
        var matching = t.Matched is not null;
        Console.Out.WriteLine(by == Core.Search.TimelineBy.Week ? "week of     entries" + (matching ? "  matching" : "") : "month    entries" + (matching ? "  matching" : ""));
        foreach (var b in t.Bins)
        {
            var label = by == Core.Search.TimelineBy.Week ? b.Start.ToString("yyyy-MM-dd") + "  " : b.Start.ToString("yyyy-MM");
            var full = (int)Math.Round((double)b.Matches / most * BarWidth);
            var rest = (int)Math.Round((double)b.Entries / most * BarWidth) - full;
            var counts = matching ? $"{b.Entries,8}{b.Matches,10}" : $"{b.Entries,8}";
            Console.Out.WriteLine($"{label}{counts}  {new string('█', full)}{new string('░', Math.Max(0, rest))}");
        }
        if (matching)
            Console.Out.WriteLine($"Days matching \"{t.Matched}\": {t.Bins.Sum(b => b.Matches):N0} (of {t.Bins.Sum(b => b.Entries):N0} entries).");
    }

    /// <summary>
    /// The <c>themes --json</c> shape, as <c>journal/themes</c> answers: {themes: [{id, label, terms, days, first, last,
    /// bins: [{start, days}], example, passages, trend}]}, dates YYYY-MM-DD; <c>example</c> and <c>passages</c> are
    /// results as <c>ask --json</c> prints them (path and 0-based lines where the server gives uri and range).
    /// </summary>
    public static JsonObject ThemesJson(JournalThemes t) => new()
    {
        ["themes"] = new JsonArray([.. t.Themes.Select(theme => (JsonNode)new JsonObject
        {
            ["id"] = theme.Id,
            ["label"] = theme.Label,
            ["terms"] = new JsonArray([.. theme.Terms.Select(w => (JsonNode)w)]),
            ["days"] = new JsonArray([.. theme.Days.Select(d => (JsonNode)d.ToString("yyyy-MM-dd"))]),
            ["first"] = theme.First.ToString("yyyy-MM-dd"),
            ["last"] = theme.Last.ToString("yyyy-MM-dd"),
            ["bins"] = new JsonArray([.. theme.Bins.Select(b => (JsonNode)new JsonObject { ["start"] = b.Start.ToString("yyyy-MM-dd"), ["days"] = b.Matches })]),
            ["example"] = ResultJson(theme.Example),
            ["passages"] = theme.Passages is { } passages ? ResultsJson(passages) : null,
            ["trend"] = Core.Search.ThemeTrends.Name(theme.Trend),
        })]),
    };

    /// <summary>How many columns a theme's sparkline takes at most: 48 (bins beyond are summed into wider ones).</summary>
    private const int SparkWidth = 48;

    /// <summary>
    /// Themes as text: per theme its label, how many days, its first and last, a sparkline of its days over the period
    /// (each column a bin or several), its most central passage and, with <paramref name="trends"/> (the whole journal
    /// asked about), where it stands as of the journal's last day; or as <see cref="ThemesJson"/>.
    /// </summary>
    public static void WriteThemes(JournalThemes t, bool json, bool trends = true)
    {
        if (json) { WriteJson(ThemesJson(t)); return; }
        if (t.Themes.Count == 0) { Console.Out.WriteLine("No themes: no dated entries in the period (or no theme of that number)."); return; }
        var bins = t.Themes[0].Bins.Count;
        var per = Math.Max(1, (int)Math.Ceiling((double)bins / SparkWidth));
        var from = t.Themes[0].Bins[0].Start;
        var to = t.Themes[0].Bins[^1].Start;
        Console.Out.WriteLine($"{t.Themes.Count} {(t.Themes.Count == 1 ? "theme" : "themes")}, {from:yyyy-MM} to {to:yyyy-MM}, each column {per} {(t.By == Core.Search.TimelineBy.Week ? "week" : "month")}{(per > 1 ? "s" : "")}:");
        const string levels = " ▁▂▃▄▅▆▇█";
        foreach (var theme in t.Themes)
        {
            var columns = theme.Bins.Chunk(per).Select(c => c.Sum(b => b.Matches)).ToList();
            var most = Math.Max(1, columns.Max());
            var spark = string.Concat(columns.Select(c => levels[c == 0 ? 0 : Math.Max(1, (int)Math.Round((double)c / most * (levels.Length - 1)))]));
            var trend = !trends ? "" : theme.Trend switch
            {
                Core.Search.ThemeTrend.ThisMonth => "  (this month)", Core.Search.ThemeTrend.Stopped => "  (stopped)",
                Core.Search.ThemeTrend.New => "  (new)", _ => "",
            };
            Console.Out.WriteLine($"{theme.Id,3}. {theme.Label,-36} {theme.Days.Count,5} {(theme.Days.Count == 1 ? "day " : "days")}  {theme.First:yyyy-MM-dd} .. {theme.Last:yyyy-MM-dd}  {spark}{trend}");
            Console.Out.WriteLine($"     {string.Join(", ", theme.Terms)}; e.g. {theme.Example.Date?.ToString("yyyy-MM-dd") ?? theme.Example.Path}: {Snippet.Of(theme.Example.Snippet, 100)}");
            foreach (var p in theme.Passages ?? [])
                Console.Out.WriteLine($"     {p.Date:yyyy-MM-dd}  {p.Path}:{p.StartLine + 1}  {Snippet.Of(p.Snippet, 100)}");
        }
    }

    public static void WriteSummary(IndexSummary s)
    {
        var e = Console.Error;
        foreach (var notice in s.Notices) e.WriteLine(notice);
        e.WriteLine($"Indexed {s.Files:N0} files: {s.Entries:N0} entries, {s.Chunks:N0} chunks and {s.Windows:N0} sentence windows; embedded now {s.Embedded:N0}, reused {s.Reused:N0}; {s.Seconds:F1} s.");
        if (s.RemovedFiles > 0) e.WriteLine($"Removed {s.RemovedFiles} deleted file(s) from the index.");
        foreach (var k in s.Skipped) e.WriteLine($"  skipped {k.Path}: {k.Reason}");
        foreach (var w in s.Warnings) e.WriteLine($"  warning {w.Path}: {w.Warning}");
        if (s.TemplateLines is { Count: > 0 } template)
            e.WriteLine($"Template lines, left out of search: {string.Join(", ", template.Select(t => $"\"{t}\""))}");
    }
}

/// <summary>Progress on stderr: one rewritten line on a terminal, a line every few seconds otherwise.</summary>
internal sealed class ProgressReporter(bool quiet) : IProgress<IndexProgress>
{
    private readonly bool _tty = Output.ErrorIsTerminal;
    private DateTime _last = DateTime.MinValue;
    private bool _wrote;

    public void Report(IndexProgress p)
    {
        if (quiet && p.ChunksEmbedded == 0) return;
        var now = DateTime.UtcNow;
        if (!_tty && (now - _last).TotalSeconds < 5 && p.FilesDone < p.FilesTotal) return;
        _last = now;
        var line = $"indexing: {p.FilesDone:N0} / {p.FilesTotal:N0} files, {p.ChunksEmbedded:N0} chunks and windows embedded, {p.ChunksPerSecond:F1}/s";
        if (_tty) Console.Error.Write($"\r{line}   ");
        else Console.Error.WriteLine(line);
        _wrote = true;
    }

    public void Finish()
    {
        if (_tty && _wrote) Console.Error.WriteLine();
    }
}
