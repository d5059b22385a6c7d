using JournalLsp.Core.Text;

namespace JournalLsp.Core.Search;

/// <summary>
/// Why a similar day is listed: the passage of the source and the passage of the similar day that matched, narrowed to
/// the sentence windows that match best inside them, and the telling words the two share. Pure functions over the
/// corpus, <see cref="PassageMatches"/> and texts the caller read.
/// </summary>
public static class SimilarEvidence
{
    /// <summary>How many shared words a piece of evidence names at most: 5, what a hover line holds.</summary>
    public const int MaxTerms = 5;

    /// <summary>
    /// The pair of passages behind <paramref name="entry"/>'s place in the list: the source passage whose best match
    /// in the entry stands furthest above that passage's background (<see cref="PassageMatches.Standing"/>), and that
    /// match. Indexes into <see cref="SearchCorpus.Chunks"/>.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="entry"/> was not a candidate of <paramref name="matches"/>.</exception>
    public static (int Source, int Related) PassagePair(PassageMatches matches, int entry)
    {
        if (!matches.IsCandidate(entry)) throw new ArgumentException($"entry {entry} was not scored against the source", nameof(entry));
        var best = 0;
        for (var s = 1; s < matches.SourceChunks.Count; s++)
            if (matches.Standing(entry, s) > matches.Standing(entry, best)) best = s;
        return (matches.SourceChunks[best], matches.BestChunk(entry, best));
    }

    /// <summary>
    /// Inside a pair of matching passages (<see cref="PassagePair"/>), the sentence window of each side
    /// (<paramref name="sourceWindows"/>, <paramref name="relatedWindows"/>: indexes into <see cref="SearchCorpus.Windows"/>
    /// lying inside that side's passage) whose cosine to the other side's is highest: the moment that matches best. A side
    /// with no windows (an entry short enough to be one) takes part as its whole passage and comes back as −1.
    /// </summary>
    public static (int Source, int Related) WindowPair(SearchCorpus corpus, (int Source, int Related) passages,
        IReadOnlyList<int> sourceWindows, IReadOnlyList<int> relatedWindows)
    {
        static List<(int Window, float[] Vector)> Side(SearchCorpus corpus, int passage, IReadOnlyList<int> windows) =>
            windows.Count == 0 ? [(-1, corpus.VectorOf(passage))] : [.. windows.Select(w => (w, corpus.WindowVectors.Decode(w)))];
        (int, int) best = (-1, -1);
        var bestScore = float.NegativeInfinity;
        var related = Side(corpus, passages.Related, relatedWindows);
        foreach (var (s, vector) in Side(corpus, passages.Source, sourceWindows))
            foreach (var (r, other) in related)
            {
                var score = System.Numerics.Tensors.TensorPrimitives.Dot(vector, other);
                if (score > bestScore) (bestScore, best) = (score, (s, r));
            }
        return best;
    }

    /// <summary>
    /// The words two passages share that say most about them: words BM25 counts (<see cref="LexicalRanker.Words"/>, of
    /// three letters or more, no numbers), matched by their Porter stem, held by at most
    /// <see cref="LexicalRanker.MoreLikeThisMaxDocumentShare"/> of the index's chunks (as "more like this" keeps them:
    /// "office" and "dinner" are in every other day), rarest first (BM25's idf), at most <paramref name="max"/>, each as
    /// <paramref name="source"/> spells it first.
    /// </summary>
    /// <param name="source">The source passage's text.</param>
    /// <param name="related">The similar day's passage's text.</param>
    /// <param name="documentFrequency">How many chunks hold a word, by the word (0 or absent for none).</param>
    /// <param name="chunks">How many chunks the index holds.</param>
    /// <param name="max">How many words at most.</param>
    public static IReadOnlyList<string> SharedTerms(string source, string related,
        IReadOnlyDictionary<string, int> documentFrequency, int chunks, int max = MaxTerms)
    {
        var relatedStems = LexicalRanker.Candidates([related]).Select(Stem).ToHashSet(StringComparer.Ordinal);
        var cap = Math.Max(LexicalRanker.MoreLikeThisMaxDocumentShare * chunks, LexicalRanker.MoreLikeThisMinDocumentFrequency);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var shared = new List<(string Word, int Df)>();
        foreach (var word in LexicalRanker.Candidates([source]))
        {
            var stem = Stem(word);
            if (!relatedStems.Contains(stem) || !seen.Add(stem)) continue;
            var df = documentFrequency.GetValueOrDefault(word);
            if (df > 0 && df <= cap) shared.Add((word, df));
        }
        return [.. shared.OrderBy(w => w.Df).ThenBy(w => w.Word, StringComparer.Ordinal).Take(max).Select(w => w.Word)];
    }

    /// <summary>
    /// Where <paramref name="passage"/> lies in <paramref name="text"/>, whitespace ignored (the index's passages may
    /// join lines with other spacing than the file): the offsets of its first and one past its last character, or null
    /// when the text no longer holds it. The first occurrence at or after <paramref name="from"/> counts.
    /// </summary>
    public static (int Start, int End)? Locate(string text, string passage, int from = 0) =>
        Locate(Whitespace.Without(text), passage, from);

    /// <summary>
    /// <see cref="Locate(string, string, int)"/> in a text already without whitespace (<see cref="Whitespace.Without"/>,
    /// with its offsets), for a caller that looks for several passages in one text: a similar-days list locates the
    /// source's passages once per day listed, in the same long entry.
    /// </summary>
    public static (int Start, int End)? Locate((string Text, int[] Map) withoutWhitespace, string passage, int from = 0)
    {
        var (haystack, map) = withoutWhitespace;
        var needle = Whitespace.Strip(passage);
        if (needle.Length == 0) return null;
        var start = Array.BinarySearch(map, from);
        start = start >= 0 ? start : ~start;
        var at = haystack.IndexOf(needle, Math.Min(start, haystack.Length), StringComparison.Ordinal);
        if (at < 0) return null;
        return (map[at], map[at + needle.Length - 1] + 1);
    }

    /// <summary>
    /// Which of <paramref name="windows"/> (index and text) lie inside <paramref name="passage"/>, whitespace ignored as
    /// by <see cref="Locate(string, string, int)"/>: their indexes, in the order given. The passage loses its whitespace
    /// once for all of them, where a <see cref="Locate(string, string, int)"/> per window would strip it again for each.
    /// </summary>
    public static IReadOnlyList<int> Inside(string passage, IEnumerable<(int Window, string Text)> windows) =>
        InsideStripped(passage, windows.Select(w => (w.Window, Whitespace.Strip(w.Text))));

    /// <summary>
    /// <see cref="Inside"/> with the windows' texts already stripped (<see cref="Whitespace.Strip"/>), for a caller that
    /// tests one entry's windows against several of its passages: a similar-days list tests the source's windows
    /// against each source passage it names.
    /// </summary>
    public static IReadOnlyList<int> InsideStripped(string passage, IEnumerable<(int Window, string Stripped)> windows)
    {
        var haystack = Whitespace.Strip(passage);
        var inside = new List<int>();
        foreach (var (window, needle) in windows)
            if (needle.Length > 0 && haystack.Contains(needle, StringComparison.Ordinal)) inside.Add(window);
        return inside;
    }

    // Words the stemmer does not take ("gré", "Strasbourg's" split at the apostrophe is fine) match as they are.
    private static string Stem(string word) => PorterStemmer.CanStem(word) ? PorterStemmer.Stem(word) : word;
}
