namespace JournalLsp.Core.Search;

/// <summary>
/// The ranked lists a question is answered from, before fusion: each holds entries best first with the list's own
/// score (<see cref="EntryHit.Score"/>): cosines for <see cref="Passages"/> and <see cref="Windows"/>, FTS5 BM25
/// (positive, higher is better) for <see cref="Bm25"/>. A list the ranking did not compute is empty.
/// </summary>
/// <param name="Passages">Dense: every entry by its best passage's cosine to the question.</param>
/// <param name="Windows">Dense: every entry by its best sentence window's cosine (its best passage where it has no windows).</param>
/// <param name="Bm25">BM25 over the full-text index of passages, an entry by its best chunk.</param>
public sealed record QuestionLists(IReadOnlyList<EntryHit> Passages, IReadOnlyList<EntryHit> Windows, IReadOnlyList<EntryHit> Bm25)
{
    /// <summary>No lists: a question with nothing to match.</summary>
    public static QuestionLists None { get; } = new([], [], []);
}
