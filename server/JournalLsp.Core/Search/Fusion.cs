namespace JournalLsp.Core.Search;

/// <summary>
/// Hybrid ranking: ranked lists of entries (dense, BM25) fused into one. Pure functions; each fused hit keeps the
/// passage of the list that ranked the entry best.
/// </summary>
public static class Fusion
{
    /// <summary>
    /// The constant of reciprocal rank fusion: 60, as Cormack, Clarke &amp; Büttcher (SIGIR 2009) chose it and as most
    /// hybrid search tools (qmd, Elasticsearch, OpenSearch) default to.
    /// </summary>
    public const int RrfK = 60;

    /// <summary>
    /// Reciprocal rank fusion: an entry scores Σ over the lists that hold it of 1 / (<paramref name="k"/> + rank),
    /// rank counted from 1; the best <paramref name="top"/>, best first.
    /// </summary>
    public static IReadOnlyList<EntryHit> Rrf(IReadOnlyList<IReadOnlyList<EntryHit>> lists, int top, int k = RrfK)
    {
        var fused = new Dictionary<int, (float Score, EntryHit Best, int BestRank)>();
        foreach (var list in lists)
            for (var rank = 0; rank < list.Count; rank++)
            {
                var hit = list[rank];
                var add = 1f / (k + rank + 1);
                fused[hit.Entry] = fused.TryGetValue(hit.Entry, out var f)
                    ? (f.Score + add, rank < f.BestRank ? hit : f.Best, Math.Min(rank, f.BestRank))
                    : (add, hit, rank);
            }
        return TopK.Best(fused.Values.Select(f => f.Best with { Score = f.Score }), top);
    }

    /// <summary>
    /// A convex combination of min-max-normalised scores (Bruch, Gai &amp; Ingber, "An Analysis of Fusion Functions for
    /// Hybrid Retrieval", TOIS 2023, who found it beats RRF once a few labelled queries fix the weight): each list's
    /// scores are scaled to [0, 1] over the hits it returned, an entry scores
    /// <paramref name="denseWeight"/> × dense + (1 − weight) × lexical, and a list that did not return it gives 0.
    /// </summary>
    public static IReadOnlyList<EntryHit> Convex(IReadOnlyList<EntryHit> dense, IReadOnlyList<EntryHit> lexical, double denseWeight, int top) =>
        Convex([(dense, denseWeight), (lexical, 1 - denseWeight)], top);

    /// <summary>
    /// The dense weight of <see cref="Hybrid"/> without sentence windows (passages and BM25): 0.5, the middle of 0.3-0.7
    /// where SciFact's figures were flat; on SciFact's train split it gave 0.726 against RRF's 0.710.
    /// </summary>
    public const double PassagesAndBm25DenseWeight = 0.5;

    /// <summary>
    /// The weights of <see cref="Hybrid"/> with sentence windows: dense passages 0.2, dense windows 0.4, BM25 0.4.
    /// Tuned on the Pepys question set and SciFact's train split (never its test split) over five triples:
    /// (0.2, 0.4, 0.4) gave Pepys success@5 0.85 and MRR@10 0.673 and SciFact train nDCG@10 0.736 on the runs fused
    /// offline (0.731 in the engine, whose lists are cut at 100); the runner-up (0.3, 0.3, 0.4) 0.825, 0.667 and 0.739;
    /// windows and BM25 at 0.5 each 0.80, 0.739 and 0.730.
    /// </summary>
    public static readonly (double Passages, double Windows, double Bm25) HybridWeights = (0.2, 0.4, 0.4);

    /// <summary>
    /// Hybrid ranking, the default for questions: dense passages, dense sentence windows and BM25 by
    /// <see cref="Convex(IReadOnlyList{ValueTuple{IReadOnlyList{EntryHit}, double}}, int)"/> at <see cref="HybridWeights"/>; with no windows
    /// (an index without them), passages and BM25 at <see cref="PassagesAndBm25DenseWeight"/>.
    /// </summary>
    public static IReadOnlyList<EntryHit> Hybrid(IReadOnlyList<EntryHit> passages, IReadOnlyList<EntryHit> windows, IReadOnlyList<EntryHit> lexical, int top) =>
        windows.Count == 0
            ? Convex(passages, lexical, PassagesAndBm25DenseWeight, top)
            : Convex([(passages, HybridWeights.Passages), (windows, HybridWeights.Windows), (lexical, HybridWeights.Bm25)], top);

    /// <summary>
    /// The convex combination of any number of lists: each list's scores min-max-normalised over the hits it returned,
    /// an entry scores Σ weight × normalised score (0 from a list that did not return it); the weights should sum
    /// to 1. The best <paramref name="top"/>, best first, each with the hit of the list that gave it most.
    /// </summary>
    public static IReadOnlyList<EntryHit> Convex(IReadOnlyList<(IReadOnlyList<EntryHit> List, double Weight)> lists, int top)
    {
        var fused = new Dictionary<int, (double Score, EntryHit Best, double BestPart)>();
        foreach (var (list, weight) in lists)
        {
            if (list.Count == 0) continue;
            float min = list.Min(h => h.Score), max = list.Max(h => h.Score);
            foreach (var hit in list)
            {
                var part = weight * (max > min ? (hit.Score - min) / (max - min) : 1);
                fused[hit.Entry] = fused.TryGetValue(hit.Entry, out var f)
                    ? (f.Score + part, part > f.BestPart ? hit : f.Best, Math.Max(part, f.BestPart))
                    : (part, hit, part);
            }
        }
        return TopK.Best(fused.Values.Select(f => f.Best with { Score = (float)f.Score }), top);
    }
}
