using System.Text.RegularExpressions;
using JournalLsp.Core.Text;

namespace JournalLsp.Core.Journal;

/// <summary>
/// jrnl's plain-text journals (<c>*.txt</c>): one file of many entries (<c>journal.txt</c>), each opened by a line
/// <c>[2024-01-15 09:30:00 AM] Title</c> (jrnl's default time format <c>%F %r</c>; jrnl reads the stamp with
/// <c>\[([^\]]+)\] </c>, jrnl/journals/Journal.py), the title and the lines under it the entry's text; or a text file
/// dated by its path (jrnl's folder layout <c>YYYY/MM/DD.txt</c>, a plain diary's <c>2024-01-15.txt</c>). A <c>.txt</c>
/// file with neither (a README, a list) is not a journal file: it gives no entries, so a folder's stray text files
/// never reach the index.
/// </summary>
public sealed partial class JrnlJournal : IJournalFormat
{
    /// <summary>The one instance.</summary>
    public static JrnlJournal Instance { get; } = new();

    private JrnlJournal()
    {
    }

    /// <inheritdoc />
    public string Name => "jrnl";

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; } = [".txt"];

    // The stamp line: "[stamp] title"; jrnl writes " *" after the title of a starred entry.
    /// <summary>A line that may open an entry: <c>stamp</c>, <c>title</c> and, for a starred entry, <c>star</c>.</summary>
    [GeneratedRegex(@"^\[(?<stamp>[^\]]+)\]\s?(?<title>.*?)(?<star>\s+\*)?\s*$", RegexOptions.CultureInvariant)]
    internal static partial Regex StampLine();

    /// <inheritdoc />
    public ParsedJournalFile Parse(string relativePath, string text, string privateFlag = JournalParser.DefaultPrivateFlag, JournalLayout? layout = null)
    {
        layout ??= JournalLayout.Default;
        var lines = LineIndex.Split(text);
        var warnings = new List<string>();
        // Only a stamp that dates its line opens an entry: "[x] milk" or a stamp naming no day stays text of the entry above.
        var stamps = new List<(int Line, DateOnly Date, string Title)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (StampLine().Match(lines[i]) is not { Success: true } m) continue;
            var date = DateRecognizer.FromHeading(m.Groups["stamp"].Value, layout.DayFirst);
            if (date.Kind == DateMatchKind.Valid) stamps.Add((i, date.Date, m.Groups["title"].Value));
            else if (date.Kind != DateMatchKind.None)
                warnings.Add($"line {i + 1}: '[{date.Text}]' {(date.Kind == DateMatchKind.Ambiguous ? "reads as two days (day or month first)" : "names a day that does not exist")}; kept as text of the entry above");
        }
        if (stamps.Count == 0)
        {
            // jrnl's folder layout (YYYY/MM/DD.txt) or a day's file: the path dates it; anything else is not a journal's.
            var byPath = DateRecognizer.FromPath(relativePath, layout);
            return byPath.Kind == DateMatchKind.Valid
                ? JournalParser.Split(relativePath, lines, [], 0, byPath.Date, null, warnings, layout)
                : new ParsedJournalFile([], warnings, false);
        }
        var entries = new List<JournalEntry>();
        // Text before the first stamp (a note at the top of the file) is kept, undated, as Markdown keeps a preamble.
        var preambleEnd = stamps[0].Line - 1;
        while (preambleEnd >= 0 && string.IsNullOrWhiteSpace(lines[preambleEnd])) preambleEnd--;
        var preambleStart = 0;
        while (preambleStart <= preambleEnd && string.IsNullOrWhiteSpace(lines[preambleStart])) preambleStart++;
        if (preambleStart <= preambleEnd)
            entries.Add(new JournalEntry(null, "", preambleStart, preambleEnd, string.Join('\n', lines[preambleStart..(preambleEnd + 1)]), preambleStart));
        for (var s = 0; s < stamps.Count; s++)
        {
            var (line, date, title) = stamps[s];
            var end = s + 1 < stamps.Count ? stamps[s + 1].Line : lines.Length;
            var last = end - 1;
            while (last > line && string.IsNullOrWhiteSpace(lines[last])) last--;
            // The title is the entry's first sentence, as jrnl reads it: the body starts with it, on the stamp's line.
            var body = string.Join('\n', [title, .. lines[(line + 1)..(last + 1)]]).TrimEnd();
            if (string.IsNullOrWhiteSpace(body)) continue;
            entries.Add(new JournalEntry(date, title, line, last, body, line));
        }
        return new ParsedJournalFile(entries, warnings, false);
    }

    /// <inheritdoc />
    public bool IsPrivate(string text, string privateFlag = JournalParser.DefaultPrivateFlag) => false;
}
