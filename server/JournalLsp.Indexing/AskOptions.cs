namespace JournalLsp.Indexing;

/// <summary>Options for <see cref="JournalEngine.Ask"/>.</summary>
/// <param name="Top">How many entries to return.</param>
/// <param name="From">Earliest day, combined with any date phrase in the question.</param>
/// <param name="To">Latest day, combined with any date phrase in the question.</param>
/// <param name="Ranking">How entries are ranked.</param>
public sealed record AskOptions(int Top = 10, DateOnly? From = null, DateOnly? To = null, Ranking Ranking = Ranking.Dense);

/// <summary>How <see cref="JournalEngine.Ask"/> ranks.</summary>
public enum Ranking
{
    /// <summary>Cosine similarity of sentence embeddings, an entry as its best chunk.</summary>
    Dense,
    /// <summary>BM25 over the full-text index, an entry as its best chunk.</summary>
    Bm25,
    /// <summary>Dense and BM25 fused by reciprocal rank fusion (<see cref="Core.Search.Fusion.Rrf"/>).</summary>
    Hybrid,
    /// <summary>Dense and BM25 fused by a convex combination of normalised scores (<see cref="Core.Search.Fusion.Convex"/>).</summary>
    HybridConvex,
}
