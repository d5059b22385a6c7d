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
    /// The weights of <see cref="Hybrid"/>: dense passages 0.2, dense sentence windows 0.4, BM25 0.4. Chosen on dev only
    /// (130 Pepys dev questions, before the feelings were split, and SciFact's train split): over a grid of 16 triples
    /// in steps of 0.1 (Pepys success@5 0.800-0.846, SciFact train nDCG@10 0.7245-0.7329) this one was within 0.01 of
    /// the top of both (0.838 and 0.7329), as it was for the min-max fusion before; docs/quality.md has the rest.
    /// </summary>
    public static readonly (double Passages, double Windows, double Bm25) HybridWeights = (0.2, 0.4, 0.4);

    /// <summary>
    /// The weights of <see cref="Hybrid"/> for an index without sentence windows: passages and BM25 0.5 each, the middle
    /// of 0.3-0.7 where SciFact's figures were flat (0.726 on its train split against RRF's 0.710).
    /// </summary>
    public static readonly (double Passages, double Bm25) WithoutWindowsWeights = (0.5, 0.5);

    /// <summary>
    /// How far down each list <see cref="Hybrid"/> reads its statistics (entries): 100, the depth BEIR evaluates. The
    /// engine computes each list at least this deep, and scores below a list's 100th count as the 100th, so the first
    /// k results are the same for every top from k to 100.
    /// </summary>
    public const int Depth = 100;

    /// <summary>
    /// The ratio of BM25's first score to its second at which its first entry is a confident lexical match: 1.5. On
    /// dev such a first entry was an accepted day for 42 of 43 Pepys questions and a relevant abstract for 192 of 199
    /// SciFact train queries (96.5%).
    /// </summary>
    public const double ConfidentBm25Ratio = 1.5;

    /// <summary>
    /// The place a confident BM25 match (<see cref="ConfidentBm25Ratio"/>) may fall to at worst: 3 (1-based). It is
    /// moved up to it when fusion ranks it lower, which the dense lists can only do by disagreeing strongly.
    /// </summary>
    public const int ConfidentBm25Place = 3;

    /// <summary>
    /// Hybrid ranking, the default for questions: the dense passage, dense window and BM25 lists fused by a convex
    /// combination at <see cref="HybridWeights"/> of <b>standard scores</b>: each list's scores measured from its
    /// <see cref="Depth"/>th score in units of the standard deviation of its first <see cref="Depth"/> (an entry the
    /// list does not hold counts 0; a BM25 list shorter than the entries that may be returned counts the rest as
    /// scoring 0; a list whose scores are all alike gives each of its entries its whole weight). A list whose first
    /// entries stand far above the rest (a question whose rare words one day holds) weighs more in that question than
    /// one whose scores are all alike (a question the model cannot tell apart): the weight adapts to the question with
    /// nothing tuned. z-score normalisation for fusion: Montague &amp; Aslam, "Relevance Score Normalization for
    /// Metasearch", CIKM 2001; Bruch, Gai &amp; Ingber, TOIS 2023. On dev it beat the min-max normalisation it replaced
    /// (160 Pepys questions: success@5 0.800 against 0.787, MRR@10 0.716 against 0.701; SciFact train nDCG@10 0.7330
    /// against 0.7266). Then a confident BM25 match (<see cref="ConfidentBm25Ratio"/>) is moved up to
    /// <see cref="ConfidentBm25Place"/> if fusion left it lower. Each hit shows its best sentence window where the windows
    /// list holds it, else the passage of the list that gave it most; its <see cref="EntryHit.Score"/> is the fused
    /// score divided by that of an entry first in every list, in [0, 1].
    /// </summary>
    public static IReadOnlyList<EntryHit> Hybrid(QuestionLists lists, int top)
    {
        (IReadOnlyList<EntryHit> List, double Weight)[] weighted = lists.Windows.Count == 0
            ? [(lists.Passages, WithoutWindowsWeights.Passages), (lists.Bm25, WithoutWindowsWeights.Bm25)]
            : [(lists.Passages, HybridWeights.Passages), (lists.Windows, HybridWeights.Windows), (lists.Bm25, HybridWeights.Bm25)];
        // The dense lists score every entry that may be returned: when they are shorter than Depth, that is how many
        // there are, and BM25 scores those it does not list 0.
        var candidates = Math.Min(Depth, Math.Max(lists.Passages.Count, lists.Bm25.Count));
        var fused = new Dictionary<int, (double Score, EntryHit Best, double BestPart)>();
        double perfect = 0;
        foreach (var (list, weight) in weighted)
        {
            if (list.Count == 0) continue;
            var (floor, spread) = Spread(list, ReferenceEquals(list, lists.Bm25) ? candidates : 0);
            // A list whose scores are all alike (one hit, say) gives each of its entries its whole weight, as min-max does.
            double Part(EntryHit hit) => spread == 0 ? weight : weight * Math.Max(0, hit.Score - floor) / spread;
            perfect += Part(list[0]);
            foreach (var hit in list)
            {
                var part = Part(hit);
                fused[hit.Entry] = fused.TryGetValue(hit.Entry, out var f)
                    ? (f.Score + part, part > f.BestPart ? hit : f.Best, Math.Max(part, f.BestPart))
                    : (part, hit, part);
            }
        }
        // Shown: the entry's best sentence window where the windows list holds it (the moment the question asks about,
        // a few sentences), else the passage of the list that gave it most.
        var windows = new Dictionary<int, EntryHit>();
        foreach (var hit in lists.Windows) windows.TryAdd(hit.Entry, hit);
        EntryHit Shown(EntryHit best) => windows.TryGetValue(best.Entry, out var window) ? window : best;
        var hits = TopK.Best(fused.Values.Select(f => Shown(f.Best) with { Score = perfect > 0 ? (float)(f.Score / perfect) : 0 }), top);
        return IsConfident(lists.Bm25) && fused.TryGetValue(lists.Bm25[0].Entry, out var match) ? KeepAtPlace(hits, Shown(match.Best)) : hits;
    }

    // The floor a list's scores are measured from, its Depth-th score (or its last), and the standard deviation of its
    // first Depth; a list shorter than zerosUpTo (at most Depth) counts the entries it lacks as scoring 0, as BM25 does
    // an entry holding none of the words.
    private static (float Floor, double Spread) Spread(IReadOnlyList<EntryHit> list, int zerosUpTo)
    {
        var listed = Math.Min(list.Count, Depth);
        var n = Math.Max(listed, Math.Min(zerosUpTo, Depth));
        double sum = 0, squares = 0;
        for (var i = 0; i < listed; i++)
        {
            sum += list[i].Score;
            squares += (double)list[i].Score * list[i].Score;
        }
        var mean = sum / n;
        return (n > listed ? 0 : list[n - 1].Score, Math.Sqrt(Math.Max(0, squares / n - mean * mean)));
    }

    /// <summary>
    /// Whether <paramref name="bm25"/>'s first entry is a confident lexical match: its score at least
    /// <see cref="ConfidentBm25Ratio"/> times the second's (a single hit is not: there is nothing to compare it with).
    /// </summary>
    public static bool IsConfident(IReadOnlyList<EntryHit> bm25) =>
        bm25.Count >= 2 && bm25[1].Score > 0 && bm25[0].Score >= ConfidentBm25Ratio * bm25[1].Score;

    // The confident match moved up to ConfidentBm25Place when ranked lower (or cut off), with the score of the hit it
    // displaces so that scores still fall; the rest keep their order.
    private static IReadOnlyList<EntryHit> KeepAtPlace(EntryHit[] hits, EntryHit match)
    {
        var place = ConfidentBm25Place - 1;
        if (hits.Length <= place || Array.FindIndex(hits, h => h.Entry == match.Entry) is var at && at is >= 0 && at <= place) return hits;
        var others = hits.Where(h => h.Entry != match.Entry).ToList();
        others.Insert(place, match with { Score = hits[place].Score });
        return others.Take(hits.Length).ToList();
    }

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
