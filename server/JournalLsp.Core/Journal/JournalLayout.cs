using System.Text.Json;

namespace JournalLsp.Core.Journal;

/// <summary>Where a vault keeps its daily notes and how it names them: a folder (relative to the journal, '' for its root) and a pattern.</summary>
/// <param name="Folder">'/'-separated, relative to the journal folder, no leading or trailing '/'; '' for the whole journal.</param>
/// <param name="Pattern">The name of a daily note below <paramref name="Folder"/>, without its extension.</param>
/// <param name="Source">The settings file it was read from, for messages (".obsidian/daily-notes.json").</param>
public sealed record DailyNotes(string Folder, MomentPattern Pattern, string Source);

/// <summary>
/// What a journal folder says about itself beyond its entries: the daily-note patterns of an Obsidian vault, whether it
/// is a Logseq graph, and the time zone in which a bare instant (<c>2024-01-15T22:30:00Z</c>, epoch milliseconds) is
/// dated. Data for the parsers, read from the folder's settings files by <see cref="FromSettings"/>; the caller reads
/// the files (Core never touches the disk).
/// </summary>
/// <param name="DailyNotes">Daily-note patterns, tried in order before the built-in path rules.</param>
/// <param name="IsLogseqGraph">True when the folder holds <c>logseq/config.edn</c>: its pages are outlines (<see cref="LogseqText"/>).</param>
/// <param name="Zone">Where an instant without an offset of its own is dated (the machine's zone, as the writer's).</param>
/// <param name="Problems">Settings that could not be read (a format with a week token, broken JSON): said in the summary, never fatal.</param>
public sealed record JournalLayout(
    IReadOnlyList<DailyNotes> DailyNotes,
    bool IsLogseqGraph,
    TimeZoneInfo Zone,
    IReadOnlyList<string> Problems)
{
    /// <summary>The settings files a journal folder may hold, relative to it: Obsidian's daily notes, Periodic Notes, a Logseq graph's config.</summary>
    public static readonly IReadOnlyList<string> SettingsFiles =
        [".obsidian/daily-notes.json", ".obsidian/plugins/periodic-notes/data.json", "logseq/config.edn"];

    /// <summary>No settings: the built-in date rules alone, instants dated in UTC.</summary>
    public static JournalLayout Default { get; } = new([], false, TimeZoneInfo.Utc, []);

    /// <summary>
    /// How a numeric date that reads both ways (03-04-2024) is read: day first when the first daily-note pattern that
    /// writes such dates puts the day first, month first when it puts the month first; null (reported, never guessed)
    /// when no pattern writes one (<c>YYYY-MM-DD</c> says nothing of <c>03-04-2024</c>).
    /// </summary>
    public bool? DayFirst => DailyNotes.Select(d => d.Pattern.DayFirst).FirstOrDefault(o => o is not null);

    /// <summary>
    /// A fingerprint of everything here that changes which day an unchanged file is dated to, or its text: when it
    /// differs from the one an index was built with, every file is parsed again.
    /// </summary>
    public string Fingerprint =>
        $"layout 1|{string.Join(';', DailyNotes.Select(d => d.Folder + ">" + d.Pattern.Format))}|logseq={IsLogseqGraph}|{Zone.Id}";

    /// <summary>
    /// The layout from the settings files' texts (<see cref="SettingsFiles"/> → text; a file absent from the dictionary
    /// is not there): Obsidian's <c>{"folder", "format"}</c> in daily-notes.json (the format defaults to
    /// <c>YYYY-MM-DD</c>, as Obsidian's does), Periodic Notes' <c>daily: {enabled, folder, format}</c>. Never throws: a
    /// setting that cannot be read becomes a problem.
    /// </summary>
    public static JournalLayout FromSettings(IReadOnlyDictionary<string, string> settings, TimeZoneInfo zone)
    {
        var notes = new List<DailyNotes>();
        var problems = new List<string>();
        void Add(string source, string? folder, string? format)
        {
            if (string.IsNullOrWhiteSpace(format)) format = "YYYY-MM-DD";
            if (MomentPattern.TryParse(format.Trim(), out var problem) is { } pattern)
                notes.Add(new DailyNotes((folder ?? "").Replace('\\', '/').Trim().Trim('/'), pattern, source));
            else problems.Add($"{source}: the daily-note format {problem}; its notes are dated by the usual rules");
        }
        foreach (var source in SettingsFiles.Take(2))
        {
            if (!settings.TryGetValue(source, out var text)) continue;
            try
            {
                using var json = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new JsonException("not an object");
                if (source.EndsWith("daily-notes.json", StringComparison.Ordinal))
                    Add(source, String(root, "folder"), String(root, "format"));
                else if (root.TryGetProperty("daily", out var daily) && daily.ValueKind == JsonValueKind.Object
                         && !(daily.TryGetProperty("enabled", out var on) && on.ValueKind == JsonValueKind.False))
                    Add(source, String(daily, "folder"), String(daily, "format"));
            }
            catch (JsonException e)
            {
                problems.Add($"{source} is not valid JSON ({e.Message}); ignored");
            }
        }
        return new JournalLayout(notes, settings.ContainsKey("logseq/config.edn"), zone, problems);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// Whether <paramref name="relativePath"/> is the journal app's own file, not the journal's: in a Logseq graph, its
    /// <c>logseq/</c> folder (config, <c>bak/</c> and <c>version-files/</c> copies of pages, which would be every day twice).
    /// </summary>
    public bool Ignores(string relativePath) =>
        IsLogseqGraph && relativePath.Replace('\\', '/').StartsWith("logseq/", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The day <paramref name="relativePath"/> names under the first daily-note pattern whose folder holds it
    /// (<see cref="MomentPattern.Match"/> on the path below that folder without its extension); <see cref="DateMatch.None"/>
    /// when no pattern reads it.
    /// </summary>
    public DateMatch DateOfPath(string relativePath)
    {
        var path = relativePath.Replace('\\', '/');
        var dot = path.LastIndexOf('.');
        var stem = dot > path.LastIndexOf('/') ? path[..dot] : path;
        foreach (var notes in DailyNotes)
        {
            if (notes.Folder.Length > 0 && !stem.StartsWith(notes.Folder + "/", StringComparison.OrdinalIgnoreCase)) continue;
            var below = notes.Folder.Length > 0 ? stem[(notes.Folder.Length + 1)..] : stem;
            var match = notes.Pattern.Match(below);
            if (match.Kind != DateMatchKind.None) return match;
            // A pattern without folders matches the file's name wherever the note lies below the folder.
            if (!notes.Pattern.Format.Contains('/') && below.Contains('/') && notes.Pattern.Match(below[(below.LastIndexOf('/') + 1)..]) is { Kind: not DateMatchKind.None } named)
                return named;
        }
        return DateMatch.None;
    }
}
