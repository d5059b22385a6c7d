using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace JournalLsp.Core.Search;

/// <summary>
/// Every passage of one source entry against every candidate entry: for each (entry, source passage) the candidate's
/// best-matching passage and its centred cosine (<see cref="SearchCorpus.Centering"/>), and per source passage the
/// mean and standard deviation of those best scores over the candidates, its background. What similar days rank by and
/// what their evidence names (<see cref="SimilarDays"/>). Made by <see cref="Match"/>; immutable.
/// </summary>
public sealed class PassageMatches
{
    private readonly float[] _best;
    private readonly int[] _bestChunk;
    private readonly double[] _mean;
    private readonly double[] _deviation;
    private readonly bool[] _candidate;
    private readonly int _sources; // SourceChunks.Count, read without an interface call in the loops over every entry

    private PassageMatches(IReadOnlyList<int> sources, float[] best, int[] bestChunk, bool[] candidate)
    {
        SourceChunks = sources;
        _sources = sources.Count;
        _best = best;
        _bestChunk = bestChunk;
        _candidate = candidate;
        _mean = new double[_sources];
        _deviation = new double[_sources];
        var n = 0;
        for (var e = 0; e < candidate.Length; e++)
        {
            if (!candidate[e]) continue;
            n++;
            for (var s = 0; s < _sources; s++) _mean[s] += best[e * _sources + s];
        }
        for (var s = 0; s < _sources; s++) _mean[s] = n == 0 ? 0 : _mean[s] / n;
        for (var e = 0; e < candidate.Length; e++)
        {
            if (!candidate[e]) continue;
            for (var s = 0; s < _sources; s++)
            {
                var d = best[e * _sources + s] - _mean[s];
                _deviation[s] += d * d;
            }
        }
        for (var s = 0; s < _sources; s++) _deviation[s] = n == 0 ? 0 : Math.Sqrt(_deviation[s] / n);
        Candidates = n;
    }

    /// <summary>The source entry's passages (indexes into <see cref="SearchCorpus.Chunks"/>), in order.</summary>
    public IReadOnlyList<int> SourceChunks { get; }

    /// <summary>How many entries were scored (the candidates).</summary>
    public int Candidates { get; }

    /// <summary>Whether <paramref name="entry"/> was scored.</summary>
    public bool IsCandidate(int entry) => _candidate[entry];

    /// <summary>The centred cosine of the entry's passage that best matches source passage <paramref name="source"/> (an index into <see cref="SourceChunks"/>).</summary>
    public float Best(int entry, int source) => _best[entry * _sources + source];

    /// <summary>That passage, an index into <see cref="SearchCorpus.Chunks"/>.</summary>
    public int BestChunk(int entry, int source) => _bestChunk[entry * _sources + source];

    /// <summary>
    /// How far the entry's best match to source passage <paramref name="source"/> stands above that passage's
    /// background, in standard deviations: (best − mean) / sd over the candidates. A routine passage ("to the office,
    /// then dinner") matches most days well, so its matches stand out little; a passage of an unusual story matches
    /// few, and the day that shares it stands far out. 0 where the deviation is 0.
    /// </summary>
    public double Standing(int entry, int source) =>
        _deviation[source] > 0 ? (Best(entry, source) - _mean[source]) / _deviation[source] : 0;

    /// <summary>
    /// The number of (source passage, chunk) pairs above which <see cref="Match"/> splits its chunks between two cores:
    /// 32,768, a day of three passages or more on the Pepys diary's 10,951, where a half takes over a millisecond and
    /// the split's start (a pool thread's wake-up, tens of µs) is paid back many times.
    /// </summary>
    public const int TwoCoreWork = 1 << 15;

    /// <summary>
    /// Every passage of <paramref name="sourceChunks"/> against every chunk of the entries <paramref name="include"/>
    /// allows: a SIMD dot product of the int8 rows per pair (<see cref="Int8Rows.Dots"/>), centred (the corpus mean
    /// removed, <see cref="SearchCorpus.Centering"/>); above <see cref="TwoCoreWork"/> pairs the chunks are split in two
    /// halves on two cores, whose bests are merged as one pass would have kept them (on a tie, the earlier chunk).
    /// </summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="sourceChunks">The source's passages (indexes into the corpus's chunks).</param>
    /// <param name="include">The entries to score (null: all).</param>
    /// <param name="twoCoreWork">The pairs above which the chunks are split: null for <see cref="TwoCoreWork"/> where there are two cores or more (tests set 0 and int.MaxValue).</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static PassageMatches Match(SearchCorpus corpus, IReadOnlyList<int> sourceChunks, Func<EntryInfo, bool>? include = null, int? twoCoreWork = null)
    {
        int entries = corpus.Entries.Count, sources = sourceChunks.Count;
        var candidate = new bool[entries];
        for (var e = 0; e < entries; e++) candidate[e] = include?.Invoke(corpus.Entries[e]) ?? true;
        var best = NewBests(entries * sources);
        var bestChunk = NewBestChunks(entries * sources);
        if (sources > 0)
        {
            var scan = new Scan(corpus, sourceChunks, candidate);
            var count = corpus.Chunks.Count;
            var threshold = twoCoreWork ?? (Environment.ProcessorCount < 2 ? int.MaxValue : TwoCoreWork);
            if ((long)count * sources < threshold || count < 2)
                scan.Run(0, count, best, bestChunk);
            else
            {
                var half = count / 2;
                var (laterBest, laterChunk) = (NewBests(best.Length), NewBestChunks(best.Length));
                Parallel.Invoke(() => scan.Run(0, half, best, bestChunk), () => scan.Run(half, count, laterBest, laterChunk));
                for (var slot = 0; slot < best.Length; slot++)
                    if (laterBest[slot] > best[slot]) (best[slot], bestChunk[slot]) = (laterBest[slot], laterChunk[slot]);
            }
        }
        // An entry with no indexed text has no passage to match: not a candidate.
        for (var e = 0; e < entries; e++)
            if (candidate[e] && (sources == 0 || bestChunk[e * sources] < 0)) candidate[e] = false;
        return new PassageMatches(sourceChunks, best, bestChunk, candidate);
    }

    private static float[] NewBests(int length)
    {
        var best = new float[length];
        Array.Fill(best, float.NegativeInfinity);
        return best;
    }

    private static int[] NewBestChunks(int length)
    {
        var chunks = new int[length];
        Array.Fill(chunks, -1);
        return chunks;
    }

    // One source's passages against a range of the corpus's chunks, keeping each (entry, source passage)'s best.
    private sealed class Scan(SearchCorpus corpus, IReadOnlyList<int> sourceChunks, bool[] candidate)
    {
        private readonly float _mm = TensorPrimitives.Dot(corpus.Mean, corpus.Mean);
        private readonly float[] _sourceDots = [.. sourceChunks.Select(s => corpus.Centering.MeanDots[s])];
        private readonly float[] _sourceNorms = [.. sourceChunks.Select(s => corpus.Centering.CenteredNorms[s])];
        private readonly Int8Queries _sourceQueries = corpus.Vectors.Queries(sourceChunks);

        // Rows scored a call: 64 rows' products with 30 source passages are 7.5 KB, in a 32 KB L1 beside those passages'
        // 23 KB of 16-bit codes.
        private const int RunRows = 64;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Run(int from, int to, float[] best, int[] bestChunk)
        {
            var sources = _sourceDots.Length;
            var (meanDots, norms) = corpus.Centering;
            var raws = new float[RunRows * sources];
            var vectors = corpus.Vectors;
            var chunks = DenseRanker.Span(corpus.Chunks);
            for (var start = from; start < to;)
            {
                // A run of candidates' rows, at most RunRows.
                if (!candidate[chunks[start].Entry]) { start++; continue; }
                var end = start + 1;
                while (end < to && end - start < RunRows && candidate[chunks[end].Entry]) end++;
                vectors.Dots(start, end - start, _sourceQueries, raws);
                for (var c = start; c < end; c++)
                {
                    var (row, slots) = ((c - start) * sources, chunks[c].Entry * sources);
                    var s = Vector256.IsHardwareAccelerated ? Keep8(c, norms[c], meanDots[c], raws, row, best, bestChunk, slots) : 0;
                    for (; s < sources; s++)
                    {
                        var scale = norms[c] * _sourceNorms[s];
                        var score = scale > 0 ? (raws[row + s] - meanDots[c] - _sourceDots[s] + _mm) / scale : 0;
                        if (score > best[slots + s]) { best[slots + s] = score; bestChunk[slots + s] = c; }
                    }
                }
                start = end;
            }
        }

        // The loop above, eight source passages a step (the same float operations in the same order, so the same
        // scores): chunk c's centred cosines with them, each kept where it beats the best so far (ties keep the earlier
        // chunk). Returns the first source passage not done. A third of the dense match's time on long days was this
        // loop one passage at a time.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private int Keep8(int c, float norm, float meanDot, float[] raws, int row, float[] best, int[] bestChunk, int slots)
        {
            var s = 0;
            var (n, md, mm, chunk) = (Vector256.Create(norm), Vector256.Create(meanDot), Vector256.Create(_mm), Vector256.Create(c));
            for (; s + Vector256<float>.Count <= _sourceDots.Length; s += Vector256<float>.Count)
            {
                var scale = n * Vector256.Create(_sourceNorms.AsSpan(s));
                var centred = Vector256.Create(raws.AsSpan(row + s)) - md - Vector256.Create(_sourceDots.AsSpan(s)) + mm;
                var score = Vector256.ConditionalSelect(Vector256.GreaterThan(scale, Vector256<float>.Zero), centred / scale, default);
                var keptBest = best.AsSpan(slots + s);
                var keptChunk = bestChunk.AsSpan(slots + s);
                var kept = Vector256.Create(keptBest);
                var better = Vector256.GreaterThan(score, kept);
                Vector256.ConditionalSelect(better, score, kept).CopyTo(keptBest);
                Vector256.ConditionalSelect(better.AsInt32(), chunk, Vector256.Create(keptChunk)).CopyTo(keptChunk);
            }
            return s;
        }
    }
}
