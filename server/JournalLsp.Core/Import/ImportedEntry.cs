using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using JournalLsp.Core.Journal;

namespace JournalLsp.Core.Import;

/// <summary>A photo an imported entry shows: its Day One identifier (what <c>dayone-moment://</c> links name) and its file in the export.</summary>
/// <param name="Identifier">Day One's photo identifier.</param>
/// <param name="FileName">The file's name in the export's <c>photos/</c> folder (<c>&lt;md5&gt;.&lt;type&gt;</c>).</param>
public sealed record ImportedPhoto(string Identifier, string FileName);

/// <summary>
/// One entry read from another journal app's export, before it is written as Markdown.
/// </summary>
/// <param name="Id">What identifies it across imports: Day One's uuid; for exports without one, a hash of its time and text.</param>
/// <param name="Written">When it was written, on its writer's clock (its own time zone applied; the offset kept).</param>
/// <param name="Text">Its Markdown text, escapes undone.</param>
/// <param name="Tags">Its tags, as the app lists them.</param>
/// <param name="Place">Where, in words ("Lisbon, Portugal"); null when not known.</param>
/// <param name="Weather">The weather, in words ("14°C Partly Cloudy"); null when not known.</param>
/// <param name="Starred">Starred (Day One) or flagged (jrnl's <c>*</c>).</param>
/// <param name="Photos">Photos its text links to.</param>
/// <param name="ZoneKnown">Whether the export said the entry's time zone (Day One's JSON does; its Markdown export and jrnl do not, and then <paramref name="Written"/>'s offset is only this machine's).</param>
public sealed record ImportedEntry(
    string Id,
    DateTimeOffset Written,
    string Text,
    IReadOnlyList<string> Tags,
    string? Place = null,
    string? Weather = null,
    bool Starred = false,
    IReadOnlyList<ImportedPhoto>? Photos = null,
    bool ZoneKnown = true)
{
    /// <summary>The day it belongs to: the date on its writer's clock.</summary>
    public DateOnly Day => DateOnly.FromDateTime(Written.DateTime);

    /// <summary>
    /// An id for an entry its export gives none: the first 16 hex digits of SHA-256 over its time as its clock showed it
    /// (no offset: the same on any machine) and its title (its first line), so an entry whose text was edited since the
    /// last import is still the same entry.
    /// </summary>
    public static string HashId(DateTime written, string title) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(
            written.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "\n" + title.Trim())))[..16];
}

/// <summary>
/// How imported entries become journal files: one Markdown file per day at a path the user's layout names, front matter
/// for the day's date, time and zone offset, tags, place, weather and starred, and the ids of the entries it holds (so a
/// second import adds only what is new); several entries of one day as sections under their time. Pure functions.
/// </summary>
public static partial class ImportedDays
{
    /// <summary>The layout of imported days unless the user picks another: <c>YYYY/YYYY-MM-DD</c>, as the Pepys diary and Foam keep them.</summary>
    public const string DefaultLayout = "YYYY/YYYY-MM-DD";

    /// <summary>The front-matter key listing the ids of the imported entries a file holds.</summary>
    public const string IdsKey = "imported";

    /// <summary>
    /// The text of a new day file for <paramref name="entries"/> (all of one day, any order): front matter, a date
    /// heading, then each entry (under its time when the day has several), earliest first.
    /// </summary>
    /// <param name="entries">One day's entries; at least one.</param>
    /// <param name="photoLinks">Each photo identifier's link from the day's file (relative); identifiers not in it stay as written.</param>
    /// <exception cref="ArgumentException">When <paramref name="entries"/> is empty or spans more than one day.</exception>
    public static string Render(IReadOnlyList<ImportedEntry> entries, IReadOnlyDictionary<string, string> photoLinks)
    {
        if (entries.Count == 0 || entries.Any(e => e.Day != entries[0].Day)) throw new ArgumentException("one day's entries, at least one", nameof(entries));
        var ordered = entries.OrderBy(e => e.Written.DateTime).ToList();
        var first = ordered[0];
        var front = new StringBuilder("---\n");
        front.Append(CultureInfo.InvariantCulture, $"date: {first.Written:yyyy-MM-dd}\n");
        front.Append(CultureInfo.InvariantCulture, $"time: \"{first.Written:HH:mm}\"\n");
        if (first.ZoneKnown) front.Append(CultureInfo.InvariantCulture, $"utc-offset: \"{first.Written:zzz}\"\n");
        var tags = ordered.SelectMany(e => e.Tags).Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count > 0) front.Append(CultureInfo.InvariantCulture, $"tags: [{string.Join(", ", tags.Select(Yaml))}]\n");
        if (first.Place is { } place) front.Append(CultureInfo.InvariantCulture, $"place: {Yaml(place)}\n");
        if (first.Weather is { } weather) front.Append(CultureInfo.InvariantCulture, $"weather: {Yaml(weather)}\n");
        if (ordered.Any(e => e.Starred)) front.Append("starred: true\n");
        front.Append(CultureInfo.InvariantCulture, $"{IdsKey}: [{string.Join(", ", ordered.Select(e => Yaml(e.Id)))}]\n---\n\n");
        front.Append(CultureInfo.InvariantCulture, $"# {first.Written:yyyy-MM-dd}\n\n");
        front.Append(Sections(ordered, photoLinks, withTimes: ordered.Count > 1));
        return front.ToString();
    }

    /// <summary>
    /// <paramref name="existing"/> (a day file an earlier import wrote) with <paramref name="added"/> appended as sections
    /// under their times and their ids added to its <see cref="IdsKey"/> list; null when the file has no such list (not
    /// an imported file: it is never changed).
    /// </summary>
    public static string? Append(string existing, IReadOnlyList<ImportedEntry> added, IReadOnlyDictionary<string, string> photoLinks)
    {
        var lines = existing.Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---") return null;
        var close = Array.FindIndex(lines, 1, l => l.Trim() is "---" or "...");
        var at = close < 0 ? -1 : Array.FindIndex(lines, 1, close - 1, l => l.StartsWith(IdsKey + ":", StringComparison.Ordinal));
        if (at < 0 || IdsList().Match(lines[at]) is not { Success: true } list) return null;
        var ordered = added.OrderBy(e => e.Written.DateTime).ToList();
        var ids = list.Groups["ids"].Value.Trim();
        lines[at] = $"{IdsKey}: [{ids}{(ids.Length > 0 ? ", " : "")}{string.Join(", ", ordered.Select(e => Yaml(e.Id)))}]";
        return string.Join('\n', lines).TrimEnd('\n') + "\n\n" + Sections(ordered, photoLinks, withTimes: true);
    }

    /// <summary>The ids a day file's <see cref="IdsKey"/> list holds (empty when it has none).</summary>
    public static IReadOnlySet<string> IdsIn(string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").Split('\n').Take(64))
            if (line.StartsWith(IdsKey + ":", StringComparison.Ordinal) && IdsList().Match(line) is { Success: true } list)
                return list.Groups["ids"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(id => id.Trim('"', '\'')).ToHashSet(StringComparer.Ordinal);
        return new HashSet<string>(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^(?<marks>#{1,6})(?<rest>[ \t].*)?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex AtxHeading();

    [GeneratedRegex(@"^[\w-]+:\s*\[(?<ids>[^\]]*)\]\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdsList();

    // Dayone-moment links (![](dayone-moment://ID), also with a /photo path) rewritten to the copied photo.
    [GeneratedRegex(@"dayone-moment:/*(?:photo/)?(?<id>[0-9A-Fa-f]{16,})", RegexOptions.CultureInvariant)]
    private static partial Regex MomentLink();

    private static string Sections(IReadOnlyList<ImportedEntry> ordered, IReadOnlyDictionary<string, string> photoLinks, bool withTimes)
    {
        var text = new StringBuilder();
        foreach (var entry in ordered)
        {
            if (withTimes)
            {
                var about = new[] { entry.Place, entry.Weather }.Where(s => s is not null);
                text.Append(CultureInfo.InvariantCulture, $"## {entry.Written:HH:mm}{string.Concat(about.Select(a => " · " + a))}{(entry.Starred ? " ★" : "")}\n\n");
            }
            var body = MomentLink().Replace(entry.Text, m => photoLinks.TryGetValue(m.Groups["id"].Value, out var link) ? link : m.Value);
            // The entry's own headings go below the file's: "# Rainy walk" under "# 2024-01-15" (and "## 09:00") would
            // outrank them, and a heading that is a date would start an entry of its own.
            var levels = withTimes ? 2 : 1;
            body = AtxHeading().Replace(body, m => new string('#', Math.Min(6, m.Groups["marks"].Length + levels)) + m.Groups["rest"].Value);
            text.Append(body.Trim('\n')).Append("\n\n");
        }
        return text.ToString().TrimEnd('\n') + "\n";
    }

    // A YAML scalar: plain when it is safe to write so, else double-quoted with its quotes and backslashes escaped.
    private static string Yaml(string value) =>
        PlainScalar().IsMatch(value) ? value : "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 _\-./]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainScalar();

    /// <summary>The path of <paramref name="day"/>'s file under <paramref name="layout"/> (a moment.js pattern, <see cref="DefaultLayout"/>), with <c>.md</c>.</summary>
    public static string PathOf(DateOnly day, MomentPattern layout) => layout.Name(day) + ".md";
}
