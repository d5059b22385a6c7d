namespace JournalLsp.Indexing;

/// <summary>Options for <see cref="JournalEngine.Ask"/>.</summary>
/// <param name="Top">How many entries to return.</param>
/// <param name="From">Earliest day, combined with any date phrase in the question.</param>
/// <param name="To">Latest day, combined with any date phrase in the question.</param>
/// <param name="Ranking">How entries are ranked; hybrid (dense + BM25, convex combination) unless asked otherwise.</param>
public sealed record AskOptions(int Top = 10, DateOnly? From = null, DateOnly? To = null, Ranking Ranking = Ranking.Hybrid);

/// <summary>
/// How <see cref="JournalEngine.Ask"/> ranks. Measured on BEIR SciFact (nDCG@10, test / train split, `eval beir`):
/// dense 0.681 / 0.686, BM25 0.674 / 0.679, RRF 0.710 / 0.710, hybrid (convex, weight 0.5) 0.735 / 0.726.
/// </summary>
public enum Ranking
{
    /// <summary>Dense and BM25 fused by a convex combination of min-max-normalised scores (<see cref="Core.Search.Fusion"/>); the default.</summary>
    Hybrid,
    /// <summary>Cosine similarity of sentence embeddings, an entry as its best chunk.</summary>
    Dense,
    /// <summary>BM25 over the full-text index, an entry as its best chunk.</summary>
    Bm25,
    /// <summary>Dense and BM25 fused by reciprocal rank fusion (<see cref="Core.Search.Fusion.Rrf"/>, k = 60).</summary>
    Rrf,
}
