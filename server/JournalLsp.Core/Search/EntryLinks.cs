using System.Text.RegularExpressions;

namespace JournalLsp.Core.Search;

/// <summary>
/// The days and files an entry already links to: a wiki link to a day (<c>[[2023-05-01]]</c>, with an alias or heading
/// after <c>|</c> or <c>#</c>) or a Markdown link to a file (<c>[the ridge](../2023/2023-05-01.md)</c>, relative to
/// the entry's folder). A similar day the entry links to is one the writer has not forgotten: it goes last and the
/// lens does not count it. Pure functions.
/// </summary>
public static partial class EntryLinks
{
    /// <summary>The days and the files (relative to the journal folder, '/'-separated) that <paramref name="text"/> links to.</summary>
    /// <param name="text">The entry's text.</param>
    /// <param name="entryPath">The entry's file, relative to the journal folder, '/'-separated: what a relative link is resolved against.</param>
    public static (IReadOnlySet<DateOnly> Days, IReadOnlySet<string> Paths) In(string text, string entryPath)
    {
        var days = new HashSet<DateOnly>();
        foreach (Match m in WikiDay().Matches(text))
            if (DateOnly.TryParseExact(m.Groups[1].Value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d))
                days.Add(d);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var folder = entryPath.Contains('/') ? entryPath[..entryPath.LastIndexOf('/')] : "";
        foreach (Match m in MarkdownLink().Matches(text))
        {
            var target = Uri.UnescapeDataString(m.Groups[1].Value.Split('#')[0]);
            if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal)) continue;
            if (Resolve(folder, target) is { } path) paths.Add(path);
        }
        return (days, paths);
    }

    /// <summary>Whether <paramref name="entry"/> is one of the days or files of <paramref name="links"/>.</summary>
    public static bool Holds((IReadOnlySet<DateOnly> Days, IReadOnlySet<string> Paths) links, EntryInfo entry) =>
        (entry.Date is { } d && links.Days.Contains(d)) || links.Paths.Contains(entry.Path);

    /// <summary>
    /// <paramref name="hits"/> (best first) with the ones <paramref name="linked"/> holds moved to the end, each with
    /// whether <paramref name="related"/> holds it; the order is otherwise kept.
    /// </summary>
    public static IReadOnlyList<(EntryHit Hit, bool Related, bool Linked)> LinkedLast(IReadOnlyList<EntryHit> hits, Func<int, bool> related, Func<int, bool> linked) =>
        [.. hits.Select(h => (Hit: h, Related: related(h.Entry), Linked: linked(h.Entry))).OrderBy(x => x.Linked)];

    // "a/b" + "../c.md" -> "c.md"; null when the link leaves the journal folder.
    private static string? Resolve(string folder, string target)
    {
        var parts = new List<string>(target.StartsWith('/') ? [] : folder.Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..") { if (parts.Count == 0) return null; parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    [GeneratedRegex(@"\[\[(\d{4}-\d{2}-\d{2})(?:[|#][^\]]*)?\]\]")]
    private static partial Regex WikiDay();

    [GeneratedRegex(@"\]\(<?([^)>\s]+)>?(?:\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();
}
