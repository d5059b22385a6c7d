using JournalLsp.Core.Text;
using Markdig;
using Markdig.Syntax;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace JournalLsp.Core.Journal;

/// <summary>
/// Splits one Markdown journal file into dated entries. The date of an entry comes, in this order, from
/// YAML front matter <c>date:</c> (or <c>day:</c>), from a heading that is a date (one entry per such heading, as in a
/// month file), from the file's path (the vault's daily-note pattern first, <see cref="JournalLayout"/>), or from the
/// front matter's creation time (<c>created:</c>, <c>date created:</c>, <c>creationDate:</c>: when the file was made,
/// which is the day it is about only when nothing else says); a file with no date anywhere is one undated note. File
/// times are never used. A Logseq page's outline is read as prose (<see cref="LogseqText"/>).
/// </summary>
public static class JournalParser
{
    /// <summary>The front-matter key that marks a file private: <c>private: true</c>.</summary>
    public const string DefaultPrivateFlag = "private";

    private static readonly MarkdownPipeline s_pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    /// <summary>Parses <paramref name="text"/>, the content of the file at <paramref name="relativePath"/>.</summary>
    /// <param name="relativePath">Path relative to the journal folder; used only to find a date in it.</param>
    /// <param name="text">The file's text (any line endings).</param>
    /// <param name="privateFlag">
    /// A front-matter key that, set to true/yes/on, marks the file private, in addition to <c>private</c> itself
    /// (which always counts, so renaming the flag never exposes a file that was marked the usual way).
    /// </param>
    /// <returns>The entries (blank ones left out), warnings, and whether the file is marked private.</returns>
    /// <param name="layout">The journal's daily-note patterns, Logseq graph and time zone; <see cref="JournalLayout.Default"/> when null.</param>
    public static ParsedJournalFile Parse(string relativePath, string text, string privateFlag = DefaultPrivateFlag, JournalLayout? layout = null)
    {
        layout ??= JournalLayout.Default;
        var lines = LineIndex.Split(text);
        var warnings = new List<string>();
        var front = FrontMatter.Read(lines, warnings, privateFlag.Trim().ToLowerInvariant(), layout.Zone);
        if (front.IsPrivate)
            return new ParsedJournalFile([], warnings, IsPrivate: true);
        if (front.IsReview) return new ParsedJournalFile([], warnings, IsPrivate: false); // a review of the journal quotes it: not an entry
        var headings = ReadHeadings(text, lines, front.BodyStartLine, warnings);
        var parsed = Split(relativePath, lines, headings, front.BodyStartLine, front.Date, front.Created, warnings, layout);
        if (!(layout.IsLogseqGraph || LogseqText.IsOutline(lines[front.BodyStartLine..]))) return parsed;
        return parsed with { Entries = [.. parsed.Entries.Select(e => e with { Body = LogseqText.Clean(e.Body) })] };
    }

    /// <summary>
    /// A file's lines cut into entries, for every format that has headings: the whole file one entry when
    /// <paramref name="date"/> (the file's own day) is given; else one entry per heading that is a date, any text before
    /// the first its own entry; else one entry dated by the path, then by <paramref name="created"/>, else undated.
    /// Numeric headings that read both ways are read in the order the file's unambiguous ones show
    /// (<see cref="DateRecognizer.DayFirstIn"/>), else in the order the journal's patterns give, else reported.
    /// </summary>
    internal static ParsedJournalFile Split(string relativePath, string[] lines, IReadOnlyList<Heading> headings, int bodyStart,
        DateOnly? date, DateOnly? created, List<string> warnings, JournalLayout layout)
    {
        var entries = new List<JournalEntry>();
        if (date is { } fileDate)
        {
            AddEntry(entries, lines, fileDate, (headings.Count > 0 ? headings[0].Text : ""), bodyStart, lines.Length, null);
            return new ParsedJournalFile(entries, warnings, false);
        }

        var dated = new List<(Heading Heading, DateOnly Date)>();
        var dayFirst = DateRecognizer.DayFirstIn(headings.Select(h => h.Text)) ?? layout.DayFirst;
        foreach (var h in headings)
        {
            var match = DateRecognizer.FromHeading(h.Text, dayFirst);
            if (match.Kind == DateMatchKind.Valid) dated.Add((h, match.Date));
            else if (match.Kind == DateMatchKind.Impossible)
                warnings.Add($"line {h.Line + 1}: heading '{h.Text}' names a day that does not exist; not used as a date");
            else if (match.Kind == DateMatchKind.Ambiguous)
                warnings.Add($"line {h.Line + 1}: heading '{h.Text}' reads as two days (day or month first); not used as a date ({AmbiguousHint})");
        }

        var pathMatch = DateRecognizer.FromPath(relativePath, layout);
        DateOnly? pathDate = pathMatch.Kind == DateMatchKind.Valid ? pathMatch.Date : created;
        if (pathMatch.Kind == DateMatchKind.Impossible && dated.Count == 0)
            warnings.Add($"file name '{pathMatch.Text}' names a day that does not exist; {(created is null ? "indexed as an undated note" : "dated by its front matter's creation time")}");
        if (pathMatch.Kind == DateMatchKind.Ambiguous && dated.Count == 0)
            warnings.Add($"file name '{pathMatch.Text}' reads as two days (day or month first); {(created is null ? "indexed as an undated note" : "dated by its front matter's creation time")} ({AmbiguousHint})");

        if (dated.Count == 0)
        {
            AddEntry(entries, lines, pathDate, (headings.Count > 0 ? headings[0].Text : ""), bodyStart, lines.Length, null);
            return new ParsedJournalFile(entries, warnings, false) { DatedByCreation = pathMatch.Kind != DateMatchKind.Valid && created is not null };
        }

        // Text before the first dated heading (an introduction, not a month title) is kept as its own entry.
        var preambleEnd = dated[0].Heading.Line;
        var preambleHeading = headings.FirstOrDefault(h => h.Line < preambleEnd);
        if (HasProse(lines, bodyStart, preambleEnd, headings))
            AddEntry(entries, lines, pathDate, preambleHeading?.Text ?? "", bodyStart, preambleEnd, null);

        for (var i = 0; i < dated.Count; i++)
        {
            var (heading, day) = dated[i];
            var end = i + 1 < dated.Count ? dated[i + 1].Heading.Line : lines.Length;
            AddEntry(entries, lines, day, heading.Text, heading.Line, end, heading.Line);
        }
        return new ParsedJournalFile(entries, warnings, false);
    }

    private const string AmbiguousHint = "set the format of daily notes in .obsidian/daily-notes.json, or write the year first";

    /// <summary>A heading of a file: its 0-based line and its text without the markers.</summary>
    internal sealed record Heading(int Line, string Text);

    private static List<Heading> ReadHeadings(string text, string[] lines, int bodyStart, List<string> warnings)
    {
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(text, s_pipeline);
        }
        catch (ArgumentException e)
        {
            // Markdig refuses input nested deeper than its limit (10,000 quote levels, say) rather than overflow the
            // stack. The text is still a day's writing: find its ATX headings line by line and keep it all.
            warnings.Add($"Markdown could not be parsed ({e.Message.Split(" - ")[0]}); headings were read line by line");
            return Enumerable.Range(bodyStart, Math.Max(0, lines.Length - bodyStart))
                .Where(i => s_atxHeading.IsMatch(lines[i]))
                .Select(i => new Heading(i, HeadingText(lines[i]))).ToList();
        }
        var result = new List<Heading>();
        foreach (var block in document.Descendants<HeadingBlock>())
        {
            if (block.Line < bodyStart || block.Line >= lines.Length) continue;
            result.Add(new Heading(block.Line, HeadingText(lines[block.Line])));
        }
        return result;
    }

    // An ATX heading as CommonMark writes one: up to three spaces, 1-6 '#', then a space or the line's end.
    private static readonly System.Text.RegularExpressions.Regex s_atxHeading = new(@"^ {0,3}#{1,6}(?:[ \t]|$)", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static string HeadingText(string line) => line.Trim().TrimStart('#').TrimEnd('#').Trim();

    private static bool HasProse(string[] lines, int start, int end, IReadOnlyList<Heading> headings)
    {
        for (var i = start; i < end; i++)
            if (!string.IsNullOrWhiteSpace(lines[i]) && !headings.Any(h => h.Line == i))
                return true;
        return false;
    }

    // Adds the entry spanning [start, end) unless it holds no text; a date heading line is left out of the body.
    private static void AddEntry(List<JournalEntry> entries, string[] lines, DateOnly? date, string heading,
        int start, int end, int? dateHeadingLine)
    {
        var first = start;
        while (first < end && string.IsNullOrWhiteSpace(lines[first])) first++;
        var last = end - 1;
        while (last >= first && string.IsNullOrWhiteSpace(lines[last])) last--;
        if (last < first) return;

        var bodyStart = dateHeadingLine is { } h && h == first ? first + 1 : first;
        while (bodyStart <= last && string.IsNullOrWhiteSpace(lines[bodyStart])) bodyStart++;
        if (bodyStart > last) return; // a heading with nothing under it
        var body = string.Join('\n', lines, bodyStart, last - bodyStart + 1);
        entries.Add(new JournalEntry(date, heading, first, last, body, bodyStart));
    }

    /// <summary>The first line after a file's YAML front matter (0 when it has none), for rules that read only the text.</summary>
    internal static int BodyStartLine(string[] lines) => FrontMatter.Read(lines, [], DefaultPrivateFlag, TimeZoneInfo.Utc).BodyStartLine;

    /// <summary>
    /// Whether <paramref name="text"/>'s front matter marks it private, as <see cref="Parse"/> decides (<c>private</c>
    /// or <paramref name="privateFlag"/> true), without parsing the rest.
    /// </summary>
    public static bool IsPrivate(string text, string privateFlag = DefaultPrivateFlag) =>
        FrontMatter.Read(LineIndex.Split(text), [], privateFlag.Trim().ToLowerInvariant(), TimeZoneInfo.Utc).IsPrivate;

    // The keys that say which day a file is about, and those that say when it was made (Joplin, Dendron, Obsidian
    // plugins, Day One's JSON), lower case; the first of each kind present wins.
    private static readonly string[] s_dayKeys = ["date", "day"];
    private static readonly string[] s_createdKeys = ["created", "date created", "date_created", "creationdate", "created_at"];

    private sealed record FrontMatter(DateOnly? Date, bool IsPrivate, int BodyStartLine, DateOnly? Created = null, bool IsReview = false)
    {
        public static FrontMatter Read(string[] lines, List<string> warnings, string privateFlag, TimeZoneInfo zone)
        {
            if (lines.Length == 0 || lines[0].Trim() != "---") return new FrontMatter(null, false, 0);
            var close = -1;
            for (var i = 1; i < lines.Length; i++)
                if (lines[i].Trim() is "---" or "...") { close = i; break; }
            if (close < 0)
            {
                warnings.Add("front matter starts with '---' but never ends; read as text");
                // Fail closed: a private flag in the lines that were meant as front matter still counts.
                var meant = lines.Skip(1).TakeWhile(l => !string.IsNullOrWhiteSpace(l) && !l.TrimStart().StartsWith('#'));
                return new FrontMatter(null, LooksPrivate(meant, privateFlag), 0);
            }

            var yaml = string.Join('\n', lines, 1, close - 1);
            DateOnly? date = null, created = null;
            var (dateKey, createdKey) = (int.MaxValue, int.MaxValue);
            var (isPrivate, isReview) = (false, false);
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(yaml));
                if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode map)
                {
                    foreach (var (key, value) in map.Children)
                    {
                        var name = (key as YamlScalarNode)?.Value?.Trim().ToLowerInvariant();
                        var scalar = (value as YamlScalarNode)?.Value;
                        if (name is not null && scalar is not null && Array.IndexOf(s_dayKeys, name) is var d and >= 0 && d < dateKey)
                        {
                            var m = DateRecognizer.FromText(scalar, zone);
                            if (m.Kind == DateMatchKind.Valid) (date, dateKey) = (m.Date, d);
                            else warnings.Add($"front matter {name} '{scalar}' is not a valid date; ignored");
                        }
                        else if (name is not null && !string.IsNullOrWhiteSpace(scalar) && Array.IndexOf(s_createdKeys, name) is var c and >= 0 && c < createdKey)
                        {
                            var m = DateRecognizer.FromText(scalar, zone);
                            if (m.Kind == DateMatchKind.Valid) (created, createdKey) = (m.Date, c);
                            else warnings.Add($"front matter {name} '{scalar}' is not a valid date; ignored");
                        }
                        else if ((name == DefaultPrivateFlag || name == privateFlag) && scalar is not null)
                            isPrivate |= scalar.Trim().ToLowerInvariant() is "true" or "yes" or "on";
                        else if (name == ReviewDocument.FrontMatterFlag && scalar is not null)
                            isReview |= scalar.Trim().ToLowerInvariant() is "true" or "yes" or "on";
                    }
                }
            }
            catch (YamlException e)
            {
                warnings.Add($"front matter is not valid YAML (line {e.Start.Line + 1}: {e.Message}); its fields were ignored");
                isPrivate = LooksPrivate(lines[1..close], privateFlag);
                isReview = HasFlag(lines[1..close], ReviewDocument.FrontMatterFlag);
            }
            catch (InvalidOperationException e)
            {
                // YamlDotNet reports some malformed documents this way rather than with a YamlException.
                warnings.Add($"front matter is not valid YAML ({e.Message}); its fields were ignored");
                isPrivate = LooksPrivate(lines[1..close], privateFlag);
                isReview = HasFlag(lines[1..close], ReviewDocument.FrontMatterFlag);
            }
            return new FrontMatter(date, isPrivate, close + 1, created, isReview);
        }

        // Front matter YAML could not read: a line "private: true" (or the configured flag) still makes the file
        // private, so a typo elsewhere in it never publishes a private entry into the index.
        private static bool LooksPrivate(IEnumerable<string> lines, string privateFlag) => HasFlag(lines, DefaultPrivateFlag, privateFlag);

        // A line "key: true" (yes, on) for any of the keys, read without YAML; so is a review marked (journal-review).
        private static bool HasFlag(IEnumerable<string> lines, params string[] keys) => lines.Any(line =>
        {
            var colon = line.IndexOf(':');
            if (colon < 0) return false;
            var key = line[..colon].Trim().Trim('"', '\'');
            var value = line[(colon + 1)..].Trim().Trim('"', '\'').ToLowerInvariant();
            return keys.Any(k => key.Equals(k, StringComparison.OrdinalIgnoreCase)) && value is "true" or "yes" or "on";
        });
    }
}
