using JournalLsp.Core.Search;
using JournalLsp.Indexing.Storage;

namespace JournalLsp.Indexing;

/// <summary>
/// Reads the index for queries through its own read-only connection (<see cref="IndexReadStore"/>): the immutable
/// in-memory <see cref="SearchCorpus"/> snapshot, reloaded when the <see cref="Indexer"/>'s generation has moved
/// on; the index's status; and the text of a result list's chunks, in one query. With no index (deleted), it answers
/// as an empty one would.
/// </summary>
internal sealed class IndexReader : IDisposable
{
    private readonly Indexer _indexer;
    private readonly int _dimensions;
    private readonly object _lock = new();
    private IndexReadStore? _store;
    private volatile CachedCorpus? _corpus;

    private sealed record CachedCorpus(int Generation, SearchCorpus Corpus);

    public IndexReader(Indexer indexer, IndexReadStore store, int dimensions)
    {
        _indexer = indexer;
        _store = store;
        _dimensions = dimensions;
    }

    /// <summary>The snapshot of everything committed so far; cheap when nothing was committed since the last call.</summary>
    public SearchCorpus Corpus
    {
        get
        {
            var cached = _corpus;
            if (cached is not null && cached.Generation == _indexer.Generation) return cached.Corpus;
            lock (_lock)
            {
                var generation = _indexer.Generation;
                cached = _corpus;
                if (cached is not null && cached.Generation == generation) return cached.Corpus;
                var corpus = _store?.LoadCorpus(_dimensions) ?? new SearchCorpus([], [], [], _dimensions);
                _corpus = new CachedCorpus(generation, corpus);
                return corpus;
            }
        }
    }

    /// <summary>What the index holds now (from the last commit).</summary>
    public IndexStatus Status() => Read(r =>
    {
        var (files, entries, chunks, windows) = r.Counts();
        var last = r.GetMeta("last_indexed_at");
        return new IndexStatus(files, entries, chunks,
            r.SkippedFiles().Select(s => new SkippedFile(s.Path, s.Reason)).ToList(),
            r.Warnings().Select(w => new SkippedFile(w.Path, w.Warning)).ToList(),
            DateTimeOffset.TryParse(last, out var at) ? at : null,
            Indexer.TemplateLinesOf(r).Lines, windows);
    }, new IndexStatus(0, 0, 0, [], [], null));

    // The texts of the hits' passages, or of the windows that found them, in one query.
    private Dictionary<long, string> TextsOf(SearchCorpus corpus, IReadOnlyList<EntryHit> hits, bool windows) =>
        Read(r => r.ChunkTexts(hits.Where(h => (h.Window >= 0) == windows)
            .Select(h => windows ? corpus.Windows[h.Window].Id : corpus.Chunks[h.Chunk].Id), windows), []);

    /// <summary>
    /// The hits as results, in order: each entry with the passage that matched and its snippet (at most
    /// <paramref name="snippetChars"/> characters), the chunk texts read in one query.
    /// </summary>
    public List<SearchResult> Results(SearchCorpus corpus, IReadOnlyList<EntryHit> hits, Func<EntryInfo, DateTimeOffset?> lastSeen, int snippetChars)
    {
        // A hit found by a sentence window shows that window: the moment the question asked about.
        var passages = TextsOf(corpus, hits, windows: false);
        var windows = TextsOf(corpus, hits, windows: true);
        return hits.Select(h =>
        {
            var entry = corpus.Entries[h.Entry];
            var (chunk, text) = h.Window >= 0
                ? (corpus.Windows[h.Window], windows.GetValueOrDefault(corpus.Windows[h.Window].Id, ""))
                : (corpus.Chunks[h.Chunk], passages.GetValueOrDefault(corpus.Chunks[h.Chunk].Id, ""));
            return new SearchResult(entry.Date, entry.Path, chunk.StartLine, chunk.EndLine, Math.Round(h.Score, 4),
                Snippet.Of(text, snippetChars), entry.StartLine, entry.EndLine, entry.Heading, lastSeen(entry));
        }).ToList();
    }

    /// <summary>The best <paramref name="limit"/> chunks by BM25 for a MATCH expression, as (chunk index, score).</summary>
    public IEnumerable<(int Chunk, float Score)> Bm25(SearchCorpus corpus, string match, int limit) =>
        Read(r => r.Bm25(match, limit), [])
            .Select(h => (Chunk: corpus.ChunkWithId(h.Id), h.Score))
            .Where(h => h.Chunk is not null).Select(h => (h.Chunk!.Value, h.Score)).ToList();

    /// <summary>
    /// A "more like this" MATCH expression for <paramref name="entry"/> (<see cref="LexicalRanker.MoreLikeThis"/>), or
    /// null. Document frequencies are remembered per snapshot: entries share most of their words, so after the first
    /// few hovers each costs one query for its text.
    /// </summary>
    public string? MoreLikeThis(SearchCorpus corpus, int entry)
    {
        var texts = Read(r => r.ChunkTexts(corpus.ChunksOf(entry).Select(c => corpus.Chunks[c].Id)), []);
        var frequencies = _frequencies.GetValue(corpus, _ => new());
        return LexicalRanker.MoreLikeThis(texts.Values, word => frequencies.GetOrAdd(word, w => Read(r => r.DocumentFrequency(w), 0)), corpus.Chunks.Count);
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SearchCorpus, System.Collections.Concurrent.ConcurrentDictionary<string, int>> _frequencies = new();

    /// <summary>Opens the read connection again (the writer made a fresh index).</summary>
    public void Reopen()
    {
        lock (_lock)
        {
            _store?.Dispose();
            _store = IndexReadStore.Open(_indexer.IndexPath);
            _corpus = null;
        }
    }

    /// <summary>Closes the read connection; queries answer from an empty index until <see cref="Reopen"/>.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _store?.Dispose();
            _store = null;
            _corpus = null;
        }
    }

    private T Read<T>(Func<IndexReadStore, T> action, T whenDeleted)
    {
        lock (_lock) return _store is null ? whenDeleted : action(_store);
    }

    public void Dispose() => Close();
}
