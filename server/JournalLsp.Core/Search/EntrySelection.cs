using JournalLsp.Core.Text;

namespace JournalLsp.Core.Search;

/// <summary>
/// The selection rules that are not similarity: on this day, a period's entries in date order, an entry by key, file
/// and line, or day. Pure functions over a <see cref="SearchCorpus"/>; only entries with indexed text (at least one
/// chunk with a vector) are ever selected. A hit's chunk is the entry's first; its score is 0.
/// </summary>
public static class EntrySelection
{
    /// <summary>
    /// Entries from earlier years on the same month and day as <paramref name="date"/>, newest first, at most
    /// <paramref name="top"/>. 29 February matches only 29 February.
    /// </summary>
    public static IReadOnlyList<EntryHit> OnThisDay(SearchCorpus corpus, DateOnly date, int top) =>
        Indexed(corpus)
            .Where(e => corpus.Entries[e].Date is { } d && d.Month == date.Month && d.Day == date.Day && d.Year < date.Year)
            .OrderByDescending(e => corpus.Entries[e].Date).ThenBy(e => e)
            .Take(Math.Max(0, top)).Select(e => First(corpus, e)).ToList();

    /// <summary>
    /// The entries in <paramref name="range"/> (all when null), oldest first, at most <paramref name="top"/>: the
    /// answer to a question that is only a date phrase ("in 2019"). Undated notes sort first when there is no range.
    /// </summary>
    public static IReadOnlyList<EntryHit> InDateOrder(SearchCorpus corpus, DateRange? range, int top) =>
        Indexed(corpus)
            .Where(e => range?.Contains(corpus.Entries[e].Date) ?? true)
            .OrderBy(e => corpus.Entries[e].Date).ThenBy(e => e)
            .Take(Math.Max(0, top)).Select(e => First(corpus, e)).ToList();

    /// <summary>The first entry on <paramref name="date"/> (in corpus order), or null.</summary>
    public static EntryHit? FirstOn(SearchCorpus corpus, DateOnly date) =>
        Indexed(corpus).Where(e => corpus.Entries[e].Date == date).Select(e => (EntryHit?)First(corpus, e)).FirstOrDefault();

    /// <summary>
    /// The entry named <paramref name="key"/>, or null. When a file has two with one key (two sections for one day),
    /// the one starting nearest <paramref name="nearLine"/> (where the editor has it), else the first.
    /// </summary>
    public static int? Find(SearchCorpus corpus, EntryKey key, int? nearLine = null)
    {
        int? best = null;
        for (var e = 0; e < corpus.Entries.Count; e++)
        {
            if (corpus.Entries[e].Path != key.Path || EntryKey.Of(corpus.Entries[e]) != key) continue;
            if (best is null) best = e;
            else if (nearLine is { } line && Math.Abs(corpus.Entries[e].StartLine - line) < Math.Abs(corpus.Entries[best.Value].StartLine - line)) best = e;
        }
        return best;
    }

    /// <summary>
    /// The entry of <paramref name="path"/> holding <paramref name="line"/> (<see cref="Holding"/>); null when the file
    /// has no entries in the corpus.
    /// </summary>
    public static int? FindInFile(SearchCorpus corpus, string path, int? line)
    {
        // The corpus keeps a file's entries together in start-line order (SearchCorpus.Entries).
        var first = -1;
        for (var e = 0; e < corpus.Entries.Count && first < 0; e++)
            if (corpus.Entries[e].Path == path) first = e;
        if (first < 0) return null;
        var starts = new List<int>();
        for (var e = first; e < corpus.Entries.Count && corpus.Entries[e].Path == path; e++) starts.Add(corpus.Entries[e].StartLine);
        return first + Holding(starts, line);
    }

    /// <summary>
    /// Which of a file's entries holds <paramref name="line"/>, by their <paramref name="startLines"/> (0-based, in
    /// ascending order): the last one starting at or before it, or the first when the line is above them all or null;
    /// null when there are no entries. The one rule for "the entry under the cursor", in the index and in a buffer.
    /// </summary>
    public static int? Holding(IReadOnlyList<int> startLines, int? line)
    {
        if (startLines.Count == 0) return null;
        var holding = 0;
        for (var i = 0; i < startLines.Count && line is { } l && startLines[i] <= l; i++) holding = i;
        return holding;
    }

    /// <summary>The first entry on <paramref name="date"/> in corpus order, indexed text or not; null when none.</summary>
    public static int? FindOn(SearchCorpus corpus, DateOnly date)
    {
        for (var e = 0; e < corpus.Entries.Count; e++)
            if (corpus.Entries[e].Date == date) return e;
        return null;
    }

    /// <summary>
    /// Which of an entry's <paramref name="passages"/> (each located in its file) <paramref name="selection"/> touches:
    /// the indexes of those that share a character with it, in order; every index when it touches none (a selection of
    /// the heading, or of the blank line between two passages, asks about the whole entry). "Related days to the selection".
    /// </summary>
    public static IReadOnlyList<int> Touched(IReadOnlyList<TextSpan> passages, TextSpan selection)
    {
        var ordered = selection.Ordered();
        var touched = Enumerable.Range(0, passages.Count).Where(i => passages[i].Overlaps(ordered)).ToList();
        return touched.Count > 0 ? touched : [.. Enumerable.Range(0, passages.Count)];
    }

    private static IEnumerable<int> Indexed(SearchCorpus corpus) =>
        Enumerable.Range(0, corpus.Entries.Count).Where(e => corpus.ChunksOf(e).Count > 0);

    private static EntryHit First(SearchCorpus corpus, int entry) => new(entry, corpus.ChunksOf(entry)[0], 0f);
}
