using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace JournalLsp.Core.Import;

/// <summary>
/// Day One's exports read into <see cref="ImportedEntry"/> values. The JSON export (a zip holding
/// <c>&lt;Journal&gt;.json</c> = <c>{"metadata", "entries": [...]}</c>; entry keys <c>uuid</c>, <c>creationDate</c> (ISO
/// 8601, UTC), <c>timeZone</c> (IANA), <c>text</c>, <c>tags</c>, <c>starred</c>, <c>location</c>, <c>weather</c>,
/// <c>photos</c>; as jrnl-org/jrnl#798 and real exports show it) and the Markdown export (one file, each entry opened by
/// tab-indented metadata lines, <c>\tDate:\tDecember 6, 2010 at 9:00 AM</c>). Pure functions over text; the caller
/// reads the zip and copies the photos.
/// </summary>
public static partial class DayOneExport
{
    /// <summary>
    /// The entries of a Day One JSON export's text, in the export's order, and what could not be read (an entry without
    /// a date or text is skipped and said, never fatal).
    /// </summary>
    /// <param name="json">The <c>&lt;Journal&gt;.json</c> text.</param>
    /// <param name="findZone">An IANA zone by id (<see cref="TimeZoneInfo.FindSystemTimeZoneById"/>), null when unknown: the entry is then dated in UTC and said.</param>
    /// <exception cref="FormatException">When the text is not JSON or has no <c>entries</c> list: not a Day One export.</exception>
    public static (IReadOnlyList<ImportedEntry> Entries, IReadOnlyList<string> Problems) ReadJson(string json, Func<string, TimeZoneInfo?> findZone)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a Day One JSON export: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("entries", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new FormatException("not a Day One JSON export: no \"entries\" list");
            var entries = new List<ImportedEntry>();
            var problems = new List<string>();
            var index = 0;
            foreach (var e in list.EnumerateArray())
            {
                index++;
                var uuid = String(e, "uuid");
                if (String(e, "creationDate") is not { } created)
                {
                    problems.Add($"entry {index}{(uuid is null ? "" : $" ({uuid})")}: no creationDate; skipped");
                    continue;
                }
                if (!DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var utc))
                {
                    problems.Add($"entry {index}{(uuid is null ? "" : $" ({uuid})")}: creationDate '{created}' is not a date; skipped");
                    continue;
                }
                var text = Unescape(String(e, "text") ?? "");
                if (string.IsNullOrWhiteSpace(text) && !e.TryGetProperty("photos", out _))
                {
                    problems.Add($"entry {index} ({uuid ?? created}): no text; skipped");
                    continue;
                }
                var written = utc.ToUniversalTime();
                if (String(e, "timeZone") is { } zoneId)
                {
                    if (findZone(zoneId) is { } zone) written = TimeZoneInfo.ConvertTime(written, zone);
                    else problems.Add($"entry {index} ({uuid ?? created}): time zone '{zoneId}' is not known here; dated in UTC");
                }
                var tags = e.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Array
                    ? t.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                    : [];
                // A photo's file is named by its md5 and type: anything but hex and a short word could name another path.
                var photos = e.TryGetProperty("photos", out var p) && p.ValueKind == JsonValueKind.Array
                    ? p.EnumerateArray().Where(x => String(x, "identifier") is not null && String(x, "md5") is { } md5 && Hex().IsMatch(md5)
                                                    && PhotoType().IsMatch(String(x, "type") ?? "jpeg"))
                        .Select(x => new ImportedPhoto(String(x, "identifier")!, $"{String(x, "md5")}.{String(x, "type") ?? "jpeg"}")).ToList()
                    : [];
                entries.Add(new ImportedEntry(uuid ?? ImportedEntry.HashId(written.DateTime, text.Split('\n')[0]), written, text, tags,
                    Place(e), Weather(e), e.TryGetProperty("starred", out var s) && s.ValueKind == JsonValueKind.True, photos));
            }
            return (entries, problems);
        }
    }

    [GeneratedRegex(@"^[0-9A-Fa-f]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Hex();

    [GeneratedRegex(@"^[A-Za-z0-9]{1,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhotoType();

    private static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static readonly string[] s_placeKeys = ["placeName", "localityName", "administrativeArea", "country"];

    // "placeName, localityName, country" without repeats or blanks: "Lisbon, Portugal".
    private static string? Place(JsonElement e)
    {
        if (!e.TryGetProperty("location", out var l) || l.ValueKind != JsonValueKind.Object) return null;
        var parts = s_placeKeys.Select(k => String(l, k))
            .Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal).ToList();
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    // "14°C Partly Cloudy" from temperatureCelsius and conditionsDescription.
    private static string? Weather(JsonElement e)
    {
        if (!e.TryGetProperty("weather", out var w) || w.ValueKind != JsonValueKind.Object) return null;
        var temperature = w.TryGetProperty("temperatureCelsius", out var c) && c.ValueKind == JsonValueKind.Number
            ? $"{Math.Round(c.GetDouble()).ToString(CultureInfo.InvariantCulture)}°C" : null;
        var parts = new[] { temperature, String(w, "conditionsDescription") }.Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }

    // Day One escapes punctuation Markdown would read anyway ("Mr\. Smith", "\(see\)"): undone, except where the escape
    // keeps a line from becoming a list or a heading ("1\. ", "\- ", "\# " at a line's start), and for * _ [ ] ` \ whose
    // escapes mean something.
    [GeneratedRegex(@"(?<!^[ \t]*\d*)\\(?<c>[.()\-!+#{}>~|=:,;'""?&%$@/])", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Escape();

    /// <summary>Day One's escapes undone (<c>Mr\. Smith \(see\)</c> → <c>Mr. Smith (see)</c>), except those that keep a line's start from reading as a list or heading.</summary>
    public static string Unescape(string text) => Escape().Replace(text.Replace("\r\n", "\n"), m => m.Groups["c"].Value);

    // The metadata line that opens an entry of the Markdown export: "\tDate:\tDecember 6, 2010 at 9:00 AM".
    [GeneratedRegex(@"^\tDate:\t(?<date>.+?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex DateLine();

    [GeneratedRegex(@"^\t(?<key>[A-Za-z ]+):\t(?<value>.*?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex MetaLine();

    private static readonly string[] s_markdownDates = ["MMMM d, yyyy 'at' h:mm tt", "MMMM d, yyyy 'at' h:mm:ss tt", "MMMM d, yyyy 'at' H:mm", "MMMM d, yyyy"];

    /// <summary>
    /// The entries of Day One's Markdown (or plain text) export: each opened by <c>\tDate:\t…</c>, then tab-indented
    /// <c>Location</c>, <c>Weather</c>, <c>Tags</c> and <c>Starred</c> lines, then the text. Times are as written (the export
    /// gives no zone: the offset is <paramref name="zone"/>'s); ids are hashes of time and text.
    /// </summary>
    /// <exception cref="FormatException">When no line opens an entry: not a Day One Markdown export.</exception>
    public static (IReadOnlyList<ImportedEntry> Entries, IReadOnlyList<string> Problems) ReadMarkdown(string text, TimeZoneInfo zone)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var starts = Enumerable.Range(0, lines.Length).Where(i => DateLine().IsMatch(lines[i])).ToList();
        if (starts.Count == 0) throw new FormatException("not a Day One Markdown export: no line starts with a tab, 'Date:' and a tab");
        var entries = new List<ImportedEntry>();
        var problems = new List<string>();
        for (var s = 0; s < starts.Count; s++)
        {
            var end = s + 1 < starts.Count ? starts[s + 1] : lines.Length;
            var written = DateLine().Match(lines[starts[s]]).Groups["date"].Value;
            if (!DateTime.TryParseExact(written, s_markdownDates, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
            {
                problems.Add($"line {starts[s] + 1}: '{written}' is not a date Day One writes; entry skipped");
                continue;
            }
            string? place = null, weather = null;
            var (tags, starred) = (new List<string>(), false);
            var body = starts[s] + 1;
            for (; body < end && MetaLine().Match(lines[body]) is { Success: true } meta; body++)
            {
                var value = meta.Groups["value"].Value;
                switch (meta.Groups["key"].Value.Trim())
                {
                    case "Location": place = value; break;
                    case "Weather": weather = value; break;
                    case "Tags": tags.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
                    case "Starred": starred = true; break;
                }
            }
            var entryText = Unescape(string.Join('\n', lines[body..end]).Trim('\n', ' ', '\t'));
            if (string.IsNullOrWhiteSpace(entryText))
            {
                problems.Add($"line {starts[s] + 1}: the entry of {written} has no text; skipped");
                continue;
            }
            var at = new DateTimeOffset(local, zone.GetUtcOffset(local));
            entries.Add(new ImportedEntry(ImportedEntry.HashId(local, entryText.Split('\n')[0]), at, entryText, tags, place, weather, starred, ZoneKnown: false));
        }
        return (entries, problems);
    }

    /// <summary>
    /// The entries of a jrnl text journal (<see cref="Journal.JrnlJournal"/>'s layout), with their times: the stamp read
    /// with jrnl's default <c>%Y-%m-%d %I:%M:%S %p</c> or ISO forms, <c>*</c> after the title as starred, <c>@tags</c>.
    /// </summary>
    public static (IReadOnlyList<ImportedEntry> Entries, IReadOnlyList<string> Problems) ReadJrnl(string text, TimeZoneInfo zone)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        // Only a line whose stamp is a time opens an entry: "[x] milk" stays text of the entry above it.
        var starts = new List<(int Line, DateTime Local, Match Stamp)>();
        for (var i = 0; i < lines.Length; i++)
            if (Journal.JrnlJournal.StampLine().Match(lines[i]) is { Success: true } m
                && DateTime.TryParse(m.Groups["stamp"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
                starts.Add((i, local, m));
        var entries = new List<ImportedEntry>();
        var problems = new List<string>();
        if (starts.Count > 0 && lines[..starts[0].Line].Any(l => !string.IsNullOrWhiteSpace(l)))
            problems.Add($"lines 1-{starts[0].Line}: text before the first entry (no '[time] title' line above it); not imported");
        for (var s = 0; s < starts.Count; s++)
        {
            var (line, local, m) = starts[s];
            var end = s + 1 < starts.Count ? starts[s + 1].Line : lines.Length;
            // jrnl's title (the first sentence) a paragraph of its own, the body below it.
            var title = m.Groups["title"].Value.Trim();
            var rest = string.Join('\n', lines[(line + 1)..end]).Trim('\n', ' ');
            var entryText = rest.Length == 0 ? title : title.Length == 0 ? rest : title + "\n\n" + rest;
            var at = new DateTimeOffset(local, zone.GetUtcOffset(local));
            var tags = JrnlTag().Matches(entryText).Select(t => t.Groups["tag"].Value).Distinct(StringComparer.Ordinal).ToList();
            entries.Add(new ImportedEntry(ImportedEntry.HashId(local, title), at, entryText, tags, Starred: m.Groups["star"].Success, ZoneKnown: false));
        }
        return (entries, problems);
    }

    [GeneratedRegex(@"(?<=^|\s)@(?<tag>[\w\-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex JrnlTag();
}
