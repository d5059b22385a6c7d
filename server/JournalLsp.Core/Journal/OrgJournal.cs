using System.Text.RegularExpressions;
using JournalLsp.Core.Text;

namespace JournalLsp.Core.Journal;

/// <summary>
/// Org journals: <c>*.org</c> files as org-roam dailies (<c>daily/2024-01-15.org</c> with <c>#+title: 2024-01-15</c>)
/// and org-journal (<c>20240115.org</c>, or one file of many days, each under a heading <c>* Monday, 15-01-2024</c>)
/// write them. No org parser for .NET is served here, so this is a small reader of the little an entry needs:
/// headings (<c>*</c>… then a space), <c>#+key: value</c> lines (<c>#+title</c> may date the file, <c>#+private: t</c>
/// keeps it out), property and logbook drawers and planning lines (left out of what is embedded, as Logseq's
/// properties are). Entries are cut as Markdown's are (a file's own day, else dated headings, else its path).
/// </summary>
public sealed partial class OrgJournal : IJournalFormat
{
    /// <summary>The one instance.</summary>
    public static OrgJournal Instance { get; } = new();

    private OrgJournal()
    {
    }

    /// <inheritdoc />
    public string Name => "org";

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; } = [".org"];

    [GeneratedRegex(@"^(?<stars>\*+)\s+(?<text>.*?)\s*(?::[\w@#%:]+:)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s*#\+(?<key>[A-Za-z_\-]+):\s*(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Keyword();

    [GeneratedRegex(@"^\s*(?:(?:SCHEDULED|DEADLINE|CLOSED):\s*[<\[][^>\]]*[>\]]\s*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Planning();

    // An org timestamp as a heading's text: <2024-01-15 Mon>, [2024-01-15 Mon 09:30].
    [GeneratedRegex(@"^[<\[](?<date>\d{4}-\d{2}-\d{2})(?:\s+[^>\]]*)?[>\]]", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();

    /// <inheritdoc />
    public ParsedJournalFile Parse(string relativePath, string text, string privateFlag = JournalParser.DefaultPrivateFlag, JournalLayout? layout = null)
    {
        layout ??= JournalLayout.Default;
        var lines = LineIndex.Split(text);
        var warnings = new List<string>();
        if (IsPrivate(lines, privateFlag)) return new ParsedJournalFile([], warnings, IsPrivate: true);
        var (prose, title) = Prose(lines);
        DateOnly? titleDate = null;
        if (title is { } t)
        {
            var match = DateRecognizer.FromText(t.Value, layout.Zone);
            if (match.Kind == DateMatchKind.Valid) titleDate = match.Date;
        }
        var headings = new List<JournalParser.Heading>();
        for (var i = 0; i < prose.Length; i++)
            if (Heading().Match(prose[i]) is { Success: true } h)
                headings.Add(new JournalParser.Heading(i, Timestamp().Match(h.Groups["text"].Value) is { Success: true } stamp
                    ? stamp.Groups["date"].Value
                    : h.Groups["text"].Value));
        // A dated title is the file's own day unless the file holds several dated headings (an org-journal month).
        var datedHeadings = headings.Count(h => DateRecognizer.FromHeading(h.Text).Kind == DateMatchKind.Valid);
        var fileDate = titleDate is not null && datedHeadings < 2 ? titleDate : null;
        return JournalParser.Split(relativePath, prose, headings, 0, fileDate, titleDate, warnings, layout);
    }

    /// <inheritdoc />
    public bool IsPrivate(string text, string privateFlag = JournalParser.DefaultPrivateFlag) => IsPrivate(LineIndex.Split(text), privateFlag);

    // "#+private: t" (or the configured flag) anywhere in the file's keyword lines; org writes true as t.
    private static bool IsPrivate(string[] lines, string privateFlag) => lines.Any(line =>
        Keyword().Match(line) is { Success: true } k
        && (k.Groups["key"].Value.Equals(JournalParser.DefaultPrivateFlag, StringComparison.OrdinalIgnoreCase)
            || k.Groups["key"].Value.Equals(privateFlag.Trim(), StringComparison.OrdinalIgnoreCase))
        && k.Groups["value"].Value.Trim().ToLowerInvariant() is "t" or "true" or "yes" or "on");

    // The lines as prose: keyword lines, drawers and planning lines empty (line numbers kept); and the #+title.
    private static (string[] Prose, Group? Title) Prose(string[] lines)
    {
        var prose = new string[lines.Length];
        Group? title = null;
        var drawer = Drawers.Inside(lines);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            prose[i] = "";
            if (drawer[i]) continue;
            if (Keyword().Match(line) is { Success: true } k)
            {
                if (title is null && k.Groups["key"].Value.Equals("title", StringComparison.OrdinalIgnoreCase)) title = k.Groups["value"];
                continue;
            }
            if (Planning().IsMatch(line)) continue;
            prose[i] = line;
        }
        return (prose, title);
    }
}
