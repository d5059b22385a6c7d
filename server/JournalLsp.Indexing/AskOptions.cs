namespace JournalLsp.Indexing;

/// <summary>Options for <see cref="JournalEngine.Ask"/>.</summary>
/// <param name="Top">How many entries to return.</param>
/// <param name="From">Earliest day, combined with any date phrase in the question.</param>
/// <param name="To">Latest day, combined with any date phrase in the question.</param>
/// <param name="Ranking">How entries are ranked; hybrid (<see cref="Ranking.Hybrid"/>) unless asked otherwise.</param>
public sealed record AskOptions(int Top = 10, DateOnly? From = null, DateOnly? To = null, Ranking Ranking = Ranking.Hybrid);

/// <summary>
/// How <see cref="JournalEngine.Ask"/> ranks. On the Pepys test questions (tests/eval/pepys-test.tsv, success@5 /
/// MRR@10, int8) dense 0.618 / 0.538, BM25 0.748 / 0.669, hybrid 0.862 / 0.794; on BEIR SciFact's test split
/// (nDCG@10) dense 0.675, BM25 0.674, hybrid 0.731. docs/quality.md has every kind of question and the intervals.
/// </summary>
public enum Ranking
{
    /// <summary>
    /// The default: dense passages, dense sentence windows and BM25 fused by a convex combination of their standard
    /// scores, weights 0.2 / 0.4 / 0.4, a confident BM25 match kept in the top 3 (<see cref="Core.Search.Fusion.Hybrid"/>);
    /// without windows in the index, passages and BM25 at 0.5 each.
    /// </summary>
    Hybrid,
    /// <summary>Cosine similarity of sentence embeddings, an entry as its best passage.</summary>
    Dense,
    /// <summary>BM25 over the full-text index, an entry as its best chunk.</summary>
    Bm25,
    /// <summary>Dense and BM25 fused by reciprocal rank fusion (<see cref="Core.Search.Fusion.Rrf"/>, k = 60).</summary>
    Rrf,
}
