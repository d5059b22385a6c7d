using System.Numerics.Tensors;

namespace JournalLsp.Core.Search;

/// <summary>An entry that matched, with the chunk that matched it best.</summary>
/// <param name="Entry">Index into <see cref="SearchCorpus.Entries"/>.</param>
/// <param name="Chunk">Index into <see cref="SearchCorpus.Chunks"/> of the best chunk (for a window, the passage holding it).</param>
/// <param name="Score">The ranking's score: for dense lists the cosine similarity of that chunk to the query, in [-1, 1].</param>
/// <param name="Window">Index into <see cref="SearchCorpus.Windows"/> when a sentence window matched, else −1.</param>
public readonly record struct EntryHit(int Entry, int Chunk, float Score, int Window = -1);

/// <summary>
/// Exhaustive dense retrieval: scores every chunk by cosine similarity to the query (a SIMD dot product, since
/// rows are unit length), groups chunks by entry (an entry scores as its best chunk, "MaxP" in Dai &amp; Callan 2019),
/// and keeps the top entries. Exhaustive scoring is exact and, for a personal journal (≤ 10⁵ chunks), a few ms.
/// </summary>
public static class DenseRanker
{
    /// <summary>The best <paramref name="top"/> entries for <paramref name="query"/>, best first.</summary>
    /// <param name="corpus">What to search.</param>
    /// <param name="query">float[<see cref="SearchCorpus.Dimensions"/>], L2-normalised.</param>
    /// <param name="top">How many entries to return.</param>
    /// <param name="include">Entries to consider (date range, exclusions); null for all.</param>
    /// <exception cref="ArgumentException">When the query has the wrong length.</exception>
    public static IReadOnlyList<EntryHit> Rank(SearchCorpus corpus, ReadOnlySpan<float> query, int top, Func<EntryInfo, bool>? include = null)
    {
        CheckLength(corpus, query);
        if (top <= 0) return [];
        var (best, bestChunk) = Unscored(corpus);
        BestPerEntry(corpus.Vectors, corpus.Chunks, query, Allowed(corpus, include), best, bestChunk);
        return TopK.Best(Hits(best, e => new EntryHit(e, bestChunk[e], best[e])), top);
    }

    /// <summary>
    /// Like <see cref="Rank"/> over the sentence windows (<see cref="SearchCorpus.Windows"/>, a few sentences each): an
    /// entry scores as its best window, or as its best passage when it has no windows (it fits in one window). A
    /// question usually targets one moment of a day, and a short window about that moment matches it more closely
    /// than a passage that also holds the rest of the day.
    /// </summary>
    /// <exception cref="ArgumentException">When the query has the wrong length.</exception>
    public static IReadOnlyList<EntryHit> RankWindows(SearchCorpus corpus, ReadOnlySpan<float> query, int top, Func<EntryInfo, bool>? include = null)
    {
        CheckLength(corpus, query);
        if (top <= 0) return [];
        var allowed = Allowed(corpus, include);
        var (best, bestWindow) = Unscored(corpus);
        BestPerEntry(corpus.WindowVectors, corpus.Windows, query, allowed, best, bestWindow);
        // Entries without windows by their passages.
        var (_, bestChunk) = Unscored(corpus);
        for (var e = 0; e < allowed.Length; e++) allowed[e] &= bestWindow[e] < 0;
        BestPerEntry(corpus.Vectors, corpus.Chunks, query, allowed, best, bestChunk);
        return TopK.Best(Hits(best, e => bestWindow[e] >= 0
            ? new EntryHit(e, corpus.PassageOf(bestWindow[e]), best[e], bestWindow[e])
            : new EntryHit(e, bestChunk[e], best[e])), top);
    }

    /// <summary>
    /// The best cosine of any passage or sentence window of entry <paramref name="entry"/> to <paramref name="query"/>
    /// (float[<see cref="SearchCorpus.Dimensions"/>], L2-normalised), or −1 when it has no indexed text: for judging an
    /// answer by its own rows, whichever list found it.
    /// </summary>
    /// <exception cref="ArgumentException">When the query has the wrong length.</exception>
    public static float BestCosine(SearchCorpus corpus, ReadOnlySpan<float> query, int entry)
    {
        CheckLength(corpus, query);
        var best = -1f;
        foreach (var c in corpus.ChunksOf(entry)) best = MathF.Max(best, corpus.Vectors.Dot(c, query));
        foreach (var w in corpus.WindowsOf(entry)) best = MathF.Max(best, corpus.WindowVectors.Dot(w, query));
        return best;
    }

    private static void CheckLength(SearchCorpus corpus, ReadOnlySpan<float> query)
    {
        if (query.Length != corpus.Dimensions)
            throw new ArgumentException($"query has {query.Length} dimensions; the index has {corpus.Dimensions}");
    }

    private static bool[] Allowed(SearchCorpus corpus, Func<EntryInfo, bool>? include)
    {
        var allowed = new bool[corpus.Entries.Count];
        for (var e = 0; e < allowed.Length; e++) allowed[e] = include?.Invoke(corpus.Entries[e]) ?? true;
        return allowed;
    }

    // Per entry: the best score so far (−∞ for none) and the row that gave it (−1 for none).
    private static (float[] Best, int[] Row) Unscored(SearchCorpus corpus)
    {
        var best = new float[corpus.Entries.Count];
        var row = new int[corpus.Entries.Count];
        Array.Fill(best, float.NegativeInfinity);
        Array.Fill(row, -1);
        return (best, row);
    }

    // MaxP: each allowed entry's best cosine over its rows (chunks or windows), row-major unit vectors.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void BestPerEntry(Int8Rows vectors, IReadOnlyList<ChunkInfo> list, ReadOnlySpan<float> query,
        bool[] allowed, float[] best, int[] bestRow)
    {
        var rows = Span(list);
        for (var i = 0; i < rows.Length; i++)
        {
            var e = rows[i].Entry;
            if (!allowed[e]) continue; // a date filter skips the row before it is scored
            var score = vectors.Dot(i, query);
            if (score > best[e]) { best[e] = score; bestRow[e] = i; }
        }
    }

    // The rows as a span: through IReadOnlyList each row was an interface call, which cost more than its int8 dot
    // product (ask over the diary: 2.6 ms for 10,951 passages and 5.6 ms for 42,388 windows, where the dots take 1.7).
    internal static ReadOnlySpan<ChunkInfo> Span(IReadOnlyList<ChunkInfo> rows) => rows switch
    {
        ChunkInfo[] array => array,
        List<ChunkInfo> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
        _ => rows.ToArray(),
    };

    private static IEnumerable<EntryHit> Hits(float[] score, Func<int, EntryHit> hit)
    {
        for (var e = 0; e < score.Length; e++)
            if (!float.IsNegativeInfinity(score[e])) yield return hit(e);
    }

    /// <summary>
    /// Every entry that <paramref name="include"/> allows and that has indexed text, scored by how much it reads like
    /// a set of source chunks (a whole entry), in entry order. A candidate scores the mean, over source chunks, of that
    /// chunk's best cosine with any of the candidate's chunks: late interaction at chunk granularity (the MaxSim of
    /// Khattab &amp; Zaharia 2020, ColBERT), so a long day matches a day that shares several of its passages rather than
    /// one that resembles the blur of its average. The reported chunk is the candidate's chunk with the single highest
    /// similarity. Vectors are compared with the corpus mean removed (<see cref="SearchCorpus.Centering"/>): every diary
    /// day shares a common direction ("up, and to the office") that otherwise dominates day-to-day similarity
    /// (Mu &amp; Viswanath 2018, "All-but-the-Top"). Scores lie in [-1, 1].
    /// </summary>
    /// <param name="corpus">What to search.</param>
    /// <param name="sourceChunks">Indexes into <see cref="SearchCorpus.Chunks"/> of the source entry's chunks; none gives no hits.</param>
    /// <param name="include">Entries to consider; null for all.</param>
    public static List<EntryHit> ScoreSimilar(SearchCorpus corpus, IReadOnlyList<int> sourceChunks, Func<EntryInfo, bool>? include = null) =>
        SimilarDays.DenseScores(corpus, PassageMatches.Match(corpus, sourceChunks, include));
}
