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

    /// <summary>For a similar day, why it is listed: the two passages that matched and the words they share; null elsewhere.</summary>
    public PassageEvidence? Because { get; init; }

    /// <summary>For a similar day, whether the entry asked about already links to it (<see cref="Core.Search.EntryLinks"/>); such days come last.</summary>
    public bool Linked { get; init; }
}

/// <summary>A stretch of an entry's file and its text.</summary>
/// <param name="Path">The file, relative to the journal folder, '/'-separated.</param>
/// <param name="StartLine">0-based line where it starts.</param>
/// <param name="StartCharacter">UTF-16 offset in that line where it starts.</param>
/// <param name="EndLine">0-based line where it ends.</param>
/// <param name="EndCharacter">UTF-16 offset in that line one past its last character (exclusive, as LSP ranges).</param>
/// <param name="Text">Its text as the index holds it (whitespace may differ from the file's).</param>
public sealed record Passage(string Path, int StartLine, int StartCharacter, int EndLine, int EndCharacter, string Text);

/// <summary>
/// Why a similar day is listed (<see cref="Core.Search.SimilarEvidence"/>): the moment of the source entry and the moment
/// of the similar day that match best, inside the passages whose match stands furthest above the source's background,
/// and the rare words both hold.
/// </summary>
/// <param name="Source">The passage of the source entry.</param>
/// <param name="Related">The passage of the similar day.</param>
/// <param name="Terms">Up to <see cref="Core.Search.SimilarEvidence.MaxTerms"/> words both passages hold, rarest first; may be empty.</param>
public sealed record PassageEvidence(Passage Source, Passage Related, IReadOnlyList<string> Terms);
