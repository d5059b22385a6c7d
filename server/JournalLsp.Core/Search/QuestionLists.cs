namespace JournalLsp.Core.Search;

/// <summary>
/// The ranked lists a question is answered from, before fusion: each holds entries best first with the list's own
/// score (<see cref="EntryHit.Score"/>): cosines for <see cref="Passages"/> and <see cref="Windows"/>, FTS5 BM25
/// (positive, higher is better) for <see cref="Bm25"/>. A list the ranking did not compute is empty.
/// </summary>
/// <param name="Passages">Dense: every entry by its best passage's cosine to the question.</param>
/// <param name="Windows">Dense: every entry by its best sentence window's cosine (its best passage where it has no windows).</param>
/// <param name="Bm25">BM25 over the full-text index of passages, an entry by its best chunk.</param>
/// <param name="Bm25Ceiling">
/// What a chunk holding every word of the question once would score (<see cref="LexicalRanker.Bm25Ceiling"/>), 0 when
/// BM25 did not run: a <see cref="Bm25"/> score divided by it is the share of the question's words the entry holds.
/// </param>
public sealed record QuestionLists(IReadOnlyList<EntryHit> Passages, IReadOnlyList<EntryHit> Windows, IReadOnlyList<EntryHit> Bm25, double Bm25Ceiling = 0)
{
    /// <summary>No lists: a question with nothing to match.</summary>
    public static QuestionLists None { get; } = new([], [], []);

    /// <summary>
    /// Each entry of <see cref="Bm25"/> with the share of the question's words it holds: its score over
    /// <see cref="Bm25Ceiling"/>, at most 1.
    /// </summary>
    public Dictionary<int, double> WordShares()
    {
        var shares = new Dictionary<int, double>();
        if (Bm25Ceiling <= 0) return shares;
        foreach (var hit in Bm25) shares.TryAdd(hit.Entry, Math.Min(1, hit.Score / Bm25Ceiling));
        return shares;
    }
}
