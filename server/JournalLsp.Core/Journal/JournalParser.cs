using JournalLsp.Core.Text;
using Markdig;
using Markdig.Syntax;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace JournalLsp.Core.Journal;

/// <summary>
/// Splits one Markdown journal file into dated entries. The date of an entry comes, in this order, from
/// YAML front matter <c>date:</c>, from a heading that is a date (one entry per such heading, as in a month
/// file), or from the file's path; a file with no date anywhere is one undated note. File times are never used.
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
    public static ParsedJournalFile Parse(string relativePath, string text, string privateFlag = DefaultPrivateFlag)
    {
        var lines = LineIndex.Split(text);
        var warnings = new List<string>();
        var front = FrontMatter.Read(lines, warnings, privateFlag.Trim().ToLowerInvariant());
        if (front.IsPrivate)
            return new ParsedJournalFile([], warnings, IsPrivate: true);

        var headings = ReadHeadings(text, lines, front.BodyStartLine, warnings);
        var entries = new List<JournalEntry>();

        if (front.Date is { } frontDate)
        {
            AddEntry(entries, lines, frontDate, headings.FirstOrDefault()?.Text ?? "", front.BodyStartLine, lines.Length, null);
            return new ParsedJournalFile(entries, warnings, false);
        }

        var dated = new List<(Heading Heading, DateOnly Date)>();
        foreach (var h in headings)
        {
            var match = DateRecognizer.FromHeading(h.Text);
            if (match.Kind == DateMatchKind.Valid) dated.Add((h, match.Date));
            else if (match.Kind == DateMatchKind.Impossible)
                warnings.Add($"line {h.Line + 1}: heading '{h.Text}' names a day that does not exist; not used as a date");
        }

        var pathMatch = DateRecognizer.FromPath(relativePath);
        DateOnly? pathDate = pathMatch.Kind == DateMatchKind.Valid ? pathMatch.Date : null;
        if (pathMatch.Kind == DateMatchKind.Impossible && dated.Count == 0)
            warnings.Add($"file name '{pathMatch.Text}' names a day that does not exist; indexed as an undated note");

        if (dated.Count == 0)
        {
            AddEntry(entries, lines, pathDate, headings.FirstOrDefault()?.Text ?? "", front.BodyStartLine, lines.Length, null);
            return new ParsedJournalFile(entries, warnings, false);
        }

        // Text before the first dated heading (an introduction, not a month title) is kept as its own entry.
        var preambleEnd = dated[0].Heading.Line;
        var preambleHeading = headings.FirstOrDefault(h => h.Line < preambleEnd);
        if (HasProse(lines, front.BodyStartLine, preambleEnd, headings))
            AddEntry(entries, lines, pathDate, preambleHeading?.Text ?? "", front.BodyStartLine, preambleEnd, null);

        for (var i = 0; i < dated.Count; i++)
        {
            var (heading, date) = dated[i];
            var end = i + 1 < dated.Count ? dated[i + 1].Heading.Line : lines.Length;
            AddEntry(entries, lines, date, heading.Text, heading.Line, end, heading.Line);
        }
        return new ParsedJournalFile(entries, warnings, false);
    }

    private sealed record Heading(int Line, string Text);

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

    private static bool HasProse(string[] lines, int start, int end, List<Heading> headings)
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
    internal static int BodyStartLine(string[] lines) => FrontMatter.Read(lines, [], DefaultPrivateFlag).BodyStartLine;

    /// <summary>
    /// Whether <paramref name="text"/>'s front matter marks it private, as <see cref="Parse"/> decides (<c>private</c>
    /// or <paramref name="privateFlag"/> true), without parsing the rest.
    /// </summary>
    public static bool IsPrivate(string text, string privateFlag = DefaultPrivateFlag) =>
        FrontMatter.Read(LineIndex.Split(text), [], privateFlag.Trim().ToLowerInvariant()).IsPrivate;

    private sealed record FrontMatter(DateOnly? Date, bool IsPrivate, int BodyStartLine)
    {
        public static FrontMatter Read(string[] lines, List<string> warnings, string privateFlag)
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
            DateOnly? date = null;
            var isPrivate = false;
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
                        if (name == "date" && scalar is not null)
                        {
                            var m = DateRecognizer.FromText(scalar);
                            if (m.Kind == DateMatchKind.Valid) date = m.Date;
                            else warnings.Add($"front matter date '{scalar}' is not a valid date; ignored");
                        }
                        else if ((name == DefaultPrivateFlag || name == privateFlag) && scalar is not null)
                            isPrivate |= scalar.Trim().ToLowerInvariant() is "true" or "yes" or "on";
                    }
                }
            }
            catch (YamlException e)
            {
                warnings.Add($"front matter is not valid YAML (line {e.Start.Line + 1}: {e.Message}); its fields were ignored");
                isPrivate = LooksPrivate(lines[1..close], privateFlag);
            }
            catch (InvalidOperationException e)
            {
                // YamlDotNet reports some malformed documents this way rather than with a YamlException.
                warnings.Add($"front matter is not valid YAML ({e.Message}); its fields were ignored");
                isPrivate = LooksPrivate(lines[1..close], privateFlag);
            }
            return new FrontMatter(date, isPrivate, close + 1);
        }

        // Front matter YAML could not read: a line "private: true" (or the configured flag) still makes the file
        // private, so a typo elsewhere in it never publishes a private entry into the index.
        private static bool LooksPrivate(IEnumerable<string> lines, string privateFlag) => lines.Any(line =>
        {
            var colon = line.IndexOf(':');
            if (colon < 0) return false;
            var key = line[..colon].Trim().Trim('"', '\'');
            var value = line[(colon + 1)..].Trim().Trim('"', '\'').ToLowerInvariant();
            return (key.Equals(DefaultPrivateFlag, StringComparison.OrdinalIgnoreCase) || key.Equals(privateFlag, StringComparison.OrdinalIgnoreCase))
                   && value is "true" or "yes" or "on";
        });
    }
}
