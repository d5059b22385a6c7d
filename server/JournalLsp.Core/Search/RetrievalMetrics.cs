namespace JournalLsp.Core.Search;

/// <summary>
/// Retrieval metrics as BEIR computes them with pytrec_eval (trec_eval's definitions): graded relevance from qrels,
/// linear gain, log2 discount, documents judged 0 count as not relevant. Pure functions of one ranked list and its
/// judgments; <see cref="Mean"/> averages over every judged query (a query with no results scores 0).
/// </summary>
public static class RetrievalMetrics
{
    /// <summary>
    /// nDCG@k (trec_eval <c>ndcg_cut</c>): Σ rel_i / log2(i + 1) over the top <paramref name="k"/>, divided by the same
    /// sum over the ideal ordering of the judged relevances. 0 when nothing is relevant.
    /// </summary>
    public static double NdcgAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> relevance, int k)
    {
        double dcg = 0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
            if (relevance.TryGetValue(ranked[i], out var rel) && rel > 0) dcg += rel / Math.Log2(i + 2);
        var ideal = relevance.Values.Where(r => r > 0).OrderDescending().Take(k).Select((rel, i) => rel / Math.Log2(i + 2)).Sum();
        return ideal == 0 ? 0 : dcg / ideal;
    }

    /// <summary>Recall@k: the share of the relevant documents (relevance above 0) found in the top <paramref name="k"/>.</summary>
    public static double RecallAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> relevance, int k)
    {
        var relevant = relevance.Count(r => r.Value > 0);
        if (relevant == 0) return 0;
        return (double)ranked.Take(k).Distinct().Count(d => relevance.TryGetValue(d, out var rel) && rel > 0) / relevant;
    }

    /// <summary>Success@k: 1 when any relevant document is in the top <paramref name="k"/>, else 0.</summary>
    public static double SuccessAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> relevance, int k) =>
        ranked.Take(k).Any(d => relevance.TryGetValue(d, out var rel) && rel > 0) ? 1 : 0;

    /// <summary>MRR@k: 1 / the rank of the first relevant document in the top <paramref name="k"/>, else 0.</summary>
    public static double ReciprocalRankAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> relevance, int k)
    {
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
            if (relevance.TryGetValue(ranked[i], out var rel) && rel > 0) return 1.0 / (i + 1);
        return 0;
    }

    /// <summary>
    /// The mean of <paramref name="metric"/> over every query in <paramref name="qrels"/> (query id → document id →
    /// relevance); a query missing from <paramref name="runs"/> counts as an empty list.
    /// </summary>
    public static double Mean(IReadOnlyDictionary<string, IReadOnlyList<string>> runs,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> qrels,
        Func<IReadOnlyList<string>, IReadOnlyDictionary<string, int>, double> metric) =>
        qrels.Count == 0 ? 0 : qrels.Average(q => metric(runs.TryGetValue(q.Key, out var run) ? run : [], q.Value));

    /// <summary>
    /// A 95% percentile bootstrap interval of the mean of <paramref name="perQuery"/> (one figure per query): the
    /// queries resampled with replacement <paramref name="resamples"/> times, the 2.5th and 97.5th percentiles of the
    /// resampled means (Efron &amp; Tibshirani 1993; Sakai 2006 for IR). Seeded, so a report prints the same interval
    /// every run. (0, 0) for no queries.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="resamples"/> is below 1.</exception>
    public static (double Low, double High) BootstrapInterval(IReadOnlyList<double> perQuery, int resamples = 2000, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (perQuery.Count == 0) return (0, 0);
        var random = new Random(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (var i = 0; i < perQuery.Count; i++) sum += perQuery[random.Next(perQuery.Count)];
            means[r] = sum / perQuery.Count;
        }
        Array.Sort(means);
        return (means[(int)(0.025 * resamples)], means[(int)Math.Ceiling(0.975 * resamples) - 1]);
    }
}
