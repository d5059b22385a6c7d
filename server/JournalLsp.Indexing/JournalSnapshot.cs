using JournalLsp.Core.Search;

namespace JournalLsp.Indexing;

/// <summary>
/// What one query reads: the index as of one generation (its <see cref="Corpus"/>, the chunk texts, BM25 and word
/// frequencies through the reader), when entries were last seen, the clock at the moment it was taken, and a memo for
/// anything derived from this generation. Taken by <see cref="JournalEngine.Snapshot"/>; the queries under
/// <c>Indexing/Queries</c> take one and nothing else of the engine's, so a batch (an evaluation, a bench) can hold
/// one for all its questions. Immutable apart from the memo; thread-safe.
/// </summary>
public sealed class JournalSnapshot
{
    private readonly IndexReader _reader;
    private readonly IndexReader.Generation _generation;
    private readonly Func<string, float[]> _embedQuery;

    internal JournalSnapshot(IndexReader reader, IndexReader.Generation generation, SeenLog seen,
        Func<string, float[]> embedQuery, DateTimeOffset now, DateOnly today, string journalFolder)
    {
        _reader = reader;
        _generation = generation;
        _embedQuery = embedQuery;
        LastSeen = seen.All;
        Now = now;
        Today = today;
        JournalFolder = journalFolder;
    }

    /// <summary>The entries, chunks, windows and their vectors (float[d] rows, L2-normalised).</summary>
    public SearchCorpus Corpus => _generation.Corpus;

    /// <summary>The index generation this snapshot reads (<c>CommitLog.Generation</c>).</summary>
    public int Generation => _generation.Number;

    /// <summary>The time the snapshot was taken (UTC), from the engine's clock: what "recently seen" counts from.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The local day the snapshot was taken: what "last year" in a question counts from.</summary>
    public DateOnly Today { get; }

    /// <summary>The journal folder, full path.</summary>
    public string JournalFolder { get; }

    /// <summary>When entries were last opened in an editor, by key (live: an entry opened since shows too).</summary>
    public IReadOnlyDictionary<EntryKey, DateTimeOffset> LastSeen { get; }

    /// <summary>The question's embedding (float[d], L2-normalised), from the engine's cache of recent questions.</summary>
    public float[] EmbedQuery(string text) => _embedQuery(text);

    /// <summary>
    /// The hits as results, in order: each entry with the passage or window that matched and its snippet (at most
    /// <paramref name="snippetChars"/> characters), every text read in one query.
    /// </summary>
    public List<SearchResult> Results(IReadOnlyList<EntryHit> hits, int snippetChars = 280) =>
        _reader.Results(Corpus, hits, LastSeen, snippetChars);

    /// <summary>The texts of passages and sentence windows (indexes into <see cref="Corpus"/>'s chunks and windows), by index, read in one query; an index the store no longer holds is absent.</summary>
    public (Dictionary<int, string> Chunks, Dictionary<int, string> Windows) Texts(IReadOnlyCollection<int> chunks, IReadOnlyCollection<int> windows) =>
        _reader.Texts(Corpus, chunks, windows);

    /// <summary>The best <paramref name="limit"/> chunks by BM25 for an FTS5 MATCH expression, as (chunk index, score).</summary>
    public IEnumerable<(int Chunk, float Score)> Bm25(string match, int limit) => _reader.Bm25(Corpus, match, limit);

    /// <summary>How many chunks hold each word, as the full-text index stems them (for BM25 queries' weights).</summary>
    public Dictionary<string, int> Frequencies(IEnumerable<string> words) => _reader.Frequencies(words);

    /// <summary>
    /// The words of a "more like this" query for the passages <paramref name="chunks"/> (indexes into the corpus's
    /// chunks; <see cref="LexicalRanker.MoreLikeThisWords"/>), best first, or null. <paramref name="known"/>: texts the
    /// caller read, by chunk index, used when they hold every one of <paramref name="chunks"/> (else the texts are read here).
    /// </summary>
    public List<string>? MoreLikeThis(IReadOnlyList<int> chunks, IReadOnlyDictionary<int, string>? known = null) => _reader.MoreLikeThis(Corpus, chunks, known);

    /// <summary>
    /// The best <paramref name="limit"/> chunks by BM25 for the OR of a "more like this" query's <paramref name="words"/>,
    /// as (chunk index, score): the scores of FTS5's bm25(), from the postings in memory where they were read at this
    /// snapshot's generation (<see cref="Bm25Postings"/>), else from the full-text index.
    /// </summary>
    public IEnumerable<(int Chunk, float Score)> MoreLikeThisBm25(IReadOnlyList<string> words, int limit) => _reader.MoreLikeThisBm25(_generation, words, limit);

    /// <summary>
    /// Whether <see cref="MoreLikeThisBm25"/> scores from postings in memory read at this snapshot's generation (read at
    /// once by <see cref="JournalEngine.LoadPostings"/>, in the background once the index is quiet after
    /// <see cref="JournalEngine.LoadVocabulary"/> or a query that found them behind), rather than through the full-text index.
    /// </summary>
    public bool MoreLikeThisInMemory => _reader.PostingsInMemory(_generation);

    /// <summary>
    /// The value derived from this generation under <paramref name="key"/> (compared by value: a tuple or record that
    /// names its query first, such as <c>("related count", query)</c>), made once by <paramref name="factory"/>
    /// (concurrent askers wait for the one making it; an exception is kept like a value) and kept until the index
    /// changes. The one home for per-generation caches.
    /// </summary>
    /// <exception cref="InvalidCastException">When one key is used for two types.</exception>
    public T Memo<T>(object key, Func<JournalSnapshot, T> factory) where T : notnull =>
        (T)_generation.Memo.GetOrAdd(key, _ => new Lazy<object>(() => factory(this))).Value;
}
