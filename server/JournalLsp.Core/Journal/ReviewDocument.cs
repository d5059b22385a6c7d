using System.Globalization;
using System.Text;

namespace JournalLsp.Core.Journal;

/// <summary>A passage of the journal a review quotes: its day, file (relative, '/'-separated), 0-based line and text.</summary>
public sealed record ReviewPassage(DateOnly Date, string Path, int Line, string Text);

/// <summary>One theme of a review's period: its label, how many days it held there, its days and its most central passage there.</summary>
public sealed record ReviewTheme(string Label, IReadOnlyList<ReviewPassage> Days, ReviewPassage Example);

/// <summary>An earlier year's same span: which of the period's themes it held, and on how many days.</summary>
public sealed record ReviewYear(int Year, IReadOnlyList<(string Label, int Days)> Themes, int Entries);

/// <summary>
/// A review of a period as a Markdown document: its themes with their days and a passage each, its days most unlike
/// any other, and the same span in earlier years. Extractive: every sentence quoted is the writer's own, linked to its
/// day (links from the journal folder's root, as VS Code's Markdown preview resolves them). Its front matter marks it
/// <see cref="FrontMatterFlag"/>, so a review saved into the journal is not read as an entry. Pure.
/// </summary>
public static class ReviewDocument
{
    /// <summary>The front matter key that marks a review (<c>journal-review: true</c>): its file holds no entries.</summary>
    public const string FrontMatterFlag = "journal-review";

    /// <summary>How many characters of a passage are quoted at most: 240, at a word's end.</summary>
    public const int QuoteChars = 240;

    /// <summary>
    /// The review's title: "September 1665" for a calendar month, "1665" for a calendar year, else "1665-09-03 to
    /// 1665-10-02".
    /// </summary>
    public static string Title(DateOnly from, DateOnly to)
    {
        if (from.Day == 1 && to == from.AddMonths(1).AddDays(-1))
            return from.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        if (from.DayOfYear == 1 && to == new DateOnly(from.Year, 12, 31)) return from.Year.ToString(CultureInfo.InvariantCulture);
        return $"{from:yyyy-MM-dd} to {to:yyyy-MM-dd}";
    }

    /// <summary>The review as Markdown, with its front matter (<see cref="FrontMatterFlag"/>, the period).</summary>
    public static string Markdown(DateOnly from, DateOnly to, int entries, IReadOnlyList<ReviewTheme> themes,
        IReadOnlyList<ReviewPassage> unusual, IReadOnlyList<ReviewYear> earlier)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"---\n{FrontMatterFlag}: true\nfrom: {from:yyyy-MM-dd}\nto: {to:yyyy-MM-dd}\n---\n\n");
        md.Append(CultureInfo.InvariantCulture, $"# Review of {Title(from, to)}\n\n");
        if (entries == 0)
        {
            md.Append("No entries in this period.\n");
            return md.ToString();
        }
        md.Append(CultureInfo.InvariantCulture, $"{entries} {(entries == 1 ? "entry" : "entries")}. Every quotation is the journal's own.\n\n");
        md.Append("## Themes\n\n");
        foreach (var theme in themes)
        {
            md.Append(CultureInfo.InvariantCulture, $"### {theme.Label} ({theme.Days.Count} {(theme.Days.Count == 1 ? "day" : "days")})\n\n");
            md.Append(CultureInfo.InvariantCulture, $"> {Quote(theme.Example.Text)}\n>\n> {Link(theme.Example)}\n\n");
            md.Append("Days: ").Append(string.Join(", ", theme.Days.Select(Link))).Append("\n\n");
        }
        if (unusual.Count > 0)
        {
            md.Append("## Days unlike any other\n\n");
            foreach (var day in unusual) md.Append(CultureInfo.InvariantCulture, $"- {Link(day)}: {Quote(day.Text)}\n");
            md.Append('\n');
        }
        if (earlier.Count > 0)
        {
            md.Append("## The same weeks in earlier years\n\n");
            foreach (var year in earlier)
            {
                var held = year.Themes.Where(t => t.Days > 0).Select(t => $"*{t.Label}* {t.Days} {(t.Days == 1 ? "day" : "days")}").ToList();
                md.Append(CultureInfo.InvariantCulture, $"- {year.Year}: {year.Entries} {(year.Entries == 1 ? "entry" : "entries")}");
                md.Append(held.Count > 0 ? $"; {string.Join("; ", held)}" : year.Entries > 0 ? "; none of these themes" : "").Append('\n');
            }
            md.Append('\n');
        }
        return md.ToString();
    }

    // "[1665-09-14](/1665/1665-09-14.md#L3)": the day, linked from the journal's root to its line (1-based).
    private static string Link(ReviewPassage p) =>
        $"[{p.Date:yyyy-MM-dd}](/{Uri.EscapeDataString(p.Path).Replace("%2F", "/", StringComparison.Ordinal)}#L{p.Line + 1})";

    // One line of the writer's own words, cut at a word's end.
    private static string Quote(string text)
    {
        var line = string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        if (line.Length <= QuoteChars) return line;
        var cut = line.LastIndexOf(' ', QuoteChars - 1);
        return line[..(cut > 0 ? cut : QuoteChars - 1)] + "…";
    }
}
