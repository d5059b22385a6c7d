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
    [GeneratedRegex(@"^\[(?<stamp>[^\]]+)\]\s?(?<title>.*?)(?:\s+\*)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex StampLine();

    /// <inheritdoc />
    public ParsedJournalFile Parse(string relativePath, string text, string privateFlag = JournalParser.DefaultPrivateFlag, JournalLayout? layout = null)
    {
        layout ??= JournalLayout.Default;
        var lines = LineIndex.Split(text);
        var warnings = new List<string>();
        var stamps = new List<(int Line, DateMatch Date, string Title)>();
        for (var i = 0; i < lines.Length; i++)
            if (StampLine().Match(lines[i]) is { Success: true } m && DateRecognizer.FromHeading(m.Groups["stamp"].Value, layout.DayFirst) is { Kind: not DateMatchKind.None } date)
                stamps.Add((i, date, m.Groups["title"].Value));
        if (stamps.Count == 0)
        {
            // jrnl's folder layout (YYYY/MM/DD.txt) or a day's file: the path dates it; anything else is not a journal's.
            var byPath = DateRecognizer.FromPath(relativePath);
            return byPath.Kind == DateMatchKind.Valid
                ? JournalParser.Split(relativePath, lines, [], 0, byPath.Date, null, warnings, layout)
                : new ParsedJournalFile([], warnings, false);
        }
        var entries = new List<JournalEntry>();
        for (var s = 0; s < stamps.Count; s++)
        {
            var (line, date, title) = stamps[s];
            if (date.Kind != DateMatchKind.Valid)
            {
                warnings.Add($"line {line + 1}: '[{date.Text}]' {(date.Kind == DateMatchKind.Ambiguous ? "reads as two days (day or month first)" : "names a day that does not exist")}; its entry is left out");
                continue;
            }
            var end = s + 1 < stamps.Count ? stamps[s + 1].Line : lines.Length;
            var last = end - 1;
            while (last > line && string.IsNullOrWhiteSpace(lines[last])) last--;
            // The title is the entry's first sentence, as jrnl reads it: the body starts with it, on the stamp's line.
            var body = string.Join('\n', [title, .. lines[(line + 1)..(last + 1)]]).TrimEnd();
            if (string.IsNullOrWhiteSpace(body)) continue;
            entries.Add(new JournalEntry(date.Date, title, line, last, body, line));
        }
        return new ParsedJournalFile(entries, warnings, false);
    }

    /// <inheritdoc />
    public bool IsPrivate(string text, string privateFlag = JournalParser.DefaultPrivateFlag) => false;
}
