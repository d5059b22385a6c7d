namespace JournalLsp.Indexing;

/// <summary>A matching entry with the passage that matched.</summary>
/// <param name="Date">The entry's day, or null for an undated note.</param>
/// <param name="Path">File relative to the journal folder, '/'-separated.</param>
/// <param name="StartLine">First line of the matching passage, 0-based.</param>
/// <param name="EndLine">Last line of the matching passage, 0-based and inclusive.</param>
/// <param name="Score">
/// The ranking's score, comparable within one list only: for a hybrid answer the fused standard score
/// (<see cref="Core.Search.Fusion.Hybrid"/>), for dense the passage's cosine in [-1, 1], for BM25 its BM25 score, for
/// similar days the min-max fusion less any forgotten penalty; 0 for entries listed in date order.
/// </param>
/// <param name="Snippet">The start of the matching passage, whitespace collapsed, at most about 280 characters.</param>
/// <param name="EntryStartLine">First line of the whole entry, 0-based.</param>
/// <param name="EntryEndLine">Last line of the whole entry, 0-based and inclusive.</param>
/// <param name="Heading">The entry's heading, or "".</param>
/// <param name="LastSeen">When the entry was last opened in an editor, or null if never (as far as the index knows).</param>
/// <param name="Related">
/// For similar days, whether the day is related at all (<see cref="Core.Search.Relatedness"/>) or only the closest
/// there is; null where no such judgement is made.
/// </param>
public sealed record SearchResult(
    DateOnly? Date, string Path, int StartLine, int EndLine, double Score, string Snippet,
    int EntryStartLine, int EntryEndLine, string Heading, DateTimeOffset? LastSeen = null, bool? Related = null)
{
    /// <summary>
    /// For an answer to a question, what <see cref="Related"/> was judged on (<see cref="Core.Search.Relatedness.ToQuestion"/>):
    /// the entry's best dense cosine to the question and the share of the question's words it holds; null elsewhere.
    /// </summary>
    public (float Cosine, double WordShare)? Evidence { get; init; }
}
