namespace JournalLsp.Core.Search;

/// <summary>
/// The full-text index's postings of its rarer stems, in memory, and SQLite FTS5's <c>bm25()</c> over them: what a
/// "more like this" query (<see cref="LexicalRanker.MoreLikeThisWords"/>, whose words are all in at most
/// <see cref="LexicalRanker.MoreLikeThisMaxDocuments"/> chunks) scores without a query. FTS5 spends 2-3 µs a matching
/// row on its bm25() (a lookup of the row's size and of its instances): 5.7 ms at p50 for a day of the Pepys diary on a
/// 2-core AVX2 EPYC, where this takes 0.6 ms, to the same doubles. Immutable; built by the caller from the index
/// (stems, rows, sizes and totals as FTS5 stores them).
/// </summary>
public sealed class Bm25Postings
{
    /// <summary>BM25's k1, as FTS5's bm25() has it (fts5_aux.c, fts5Bm25Function).</summary>
    public const double K1 = 1.2;

    /// <summary>BM25's b, as FTS5's bm25() has it.</summary>
    public const double B = 0.75;

    private readonly Dictionary<string, (int[] Slots, int[] Counts)> _postings; // rows as their slots
    private readonly IReadOnlySet<string> _notHeld;
    private readonly long[] _rowIds; // each slot's row
    private readonly double[] _lengthNorms; // k1(1 − b + b·D/avgdl) per row, as fts5_aux.c computes it

    [ThreadStatic] private static double[]? t_sums;

    /// <summary>One row that holds a stem, and how many times.</summary>
    /// <param name="Row">The full-text row (the chunk's id).</param>
    /// <param name="Count">Instances of the stem in the row (≥ 1).</param>
    public readonly record struct Posting(long Row, int Count);

    /// <param name="postings">Each held stem's rows, each row once.</param>
    /// <param name="notHeld">The stems the index holds whose postings are not here (too common to be read).</param>
    /// <param name="sizes">Each row's size in tokens (FTS5's docsize).</param>
    /// <param name="rows">The number of rows, as FTS5's totals record has it (N).</param>
    /// <param name="tokens">The tokens of every row together, as FTS5's totals record has it.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="rows"/> is not positive.</exception>
    public Bm25Postings(IReadOnlyDictionary<string, Posting[]> postings, IReadOnlySet<string> notHeld, IReadOnlyDictionary<long, int> sizes,
        long rows, long tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        _notHeld = notHeld;
        RowCount = rows;
        var averageSize = (double)tokens / rows;
        var held = postings.Values.SelectMany(p => p).Select(p => p.Row).Concat(sizes.Keys).Distinct().ToArray();
        _rowIds = held;
        var slots = new Dictionary<long, int>(held.Length);
        _lengthNorms = new double[held.Length];
        for (var i = 0; i < held.Length; i++)
        {
            slots[held[i]] = i;
            double size = sizes.GetValueOrDefault(held[i]);
            _lengthNorms[i] = K1 * (1 - B + B * size / averageSize);
        }
        _postings = postings.ToDictionary(p => p.Key, p => (p.Value.Select(x => slots[x.Row]).ToArray(), p.Value.Select(x => x.Count).ToArray()), StringComparer.Ordinal);
    }

    /// <summary>The number of rows (N).</summary>
    public long RowCount { get; }

    /// <summary>How many stems' postings are held.</summary>
    public int Stems => _postings.Count;

    /// <summary>
    /// The best <paramref name="limit"/> rows for the OR of <paramref name="stems"/> (one phrase each, in that order, as
    /// FTS5 takes <c>"a" OR "b"</c>), with FTS5's bm25() negated (higher is better): Σ over phrases of
    /// idf × f(k1 + 1) / (f + k1(1 − b + b·D/avgdl)), idf = ln((N − n + 0.5) / (n + 0.5)) and at least 10⁻⁶, summed in
    /// phrase order in doubles as fts5_aux.c does; equal scores by row. A stem no row holds matches nothing, as in
    /// FTS5. Null when a stem's postings are not held: the caller asks the full-text index itself.
    /// </summary>
    public List<(long Row, float Score)>? Score(IReadOnlyList<string> stems, int limit)
    {
        var lists = new (int[] Slots, int[] Counts)[stems.Count];
        for (var i = 0; i < stems.Count; i++)
        {
            if (_postings.TryGetValue(stems[i], out var list)) lists[i] = list;
            else if (_notHeld.Contains(stems[i])) return null;
            else lists[i] = ([], []);
        }
        // A sum per slot, all 0 between calls (the touched ones are cleared after): 88 KB for the diary, which a new
        // array each call would put on the large object heap every hover.
        var sums = t_sums is { } kept && kept.Length >= _rowIds.Length ? kept : t_sums = new double[_rowIds.Length];
        var touched = new List<int>();
        foreach (var (slots, counts) in lists)
        {
            if (slots.Length == 0) continue;
            var idf = Math.Log((RowCount - slots.Length + 0.5) / (slots.Length + 0.5));
            if (idf <= 0.0) idf = 1e-6;
            for (var i = 0; i < slots.Length; i++)
            {
                var slot = slots[i];
                if (sums[slot] == 0) touched.Add(slot);
                double f = counts[i];
                sums[slot] += idf * (f * (K1 + 1.0) / (f + _lengthNorms[slot]));
            }
        }
        List<(long Row, float Score)> best = [.. touched.OrderByDescending(t => sums[t]).ThenBy(t => _rowIds[t]).Take(limit).Select(t => (_rowIds[t], (float)sums[t]))];
        foreach (var t in touched) sums[t] = 0;
        return best;
    }
}
