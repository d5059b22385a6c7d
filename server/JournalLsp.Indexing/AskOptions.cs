namespace JournalLsp.Indexing;

/// <summary>Options for <see cref="JournalEngine.Ask"/>.</summary>
/// <param name="Top">How many entries to return.</param>
/// <param name="From">Earliest day, combined with any date phrase in the question.</param>
/// <param name="To">Latest day, combined with any date phrase in the question.</param>
/// <param name="Ranking">How entries are ranked; hybrid (dense + BM25, convex combination) unless asked otherwise.</param>
public sealed record AskOptions(int Top = 10, DateOnly? From = null, DateOnly? To = null, Ranking Ranking = Ranking.Hybrid);

/// <summary>
/// How <see cref="JournalEngine.Ask"/> ranks. Measured on BEIR SciFact (nDCG@10, test / train split, <c>eval beir</c>):
/// dense 0.681 / 0.686, BM25 0.674 / 0.679, RRF 0.710 / 0.710, hybrid 0.732 / 0.731 (before sentence windows, with
/// passages and BM25 at 0.5 each, 0.735 / 0.726); on the Pepys questions (success@5, MRR@10, <c>eval days</c>): dense
/// 0.575 / 0.392, BM25 0.650 / 0.542, hybrid 0.850 / 0.673 (0.800 / 0.583 before windows).
/// </summary>
public enum Ranking
{
    /// <summary>
    /// The default: dense passages, dense sentence windows and BM25 fused by a convex combination of min-max-normalised
    /// scores, weights 0.2 / 0.4 / 0.4 (<see cref="Core.Search.Fusion"/>); without windows in the index, passages
    /// and BM25 at 0.5 each.
    /// </summary>
    Hybrid,
    /// <summary>Cosine similarity of sentence embeddings, an entry as its best passage.</summary>
    Dense,
    /// <summary>BM25 over the full-text index, an entry as its best chunk.</summary>
    Bm25,
    /// <summary>Dense and BM25 fused by reciprocal rank fusion (<see cref="Core.Search.Fusion.Rrf"/>, k = 60).</summary>
    Rrf,
}
