using JournalLsp.Core.Search;
using JournalLsp.Core.Text;
using JournalLsp.Indexing.Storage;

namespace JournalLsp.Indexing;

/// <summary>
/// Reads the index for queries through its own read-only connection (<see cref="IndexReadStore"/>): the immutable
/// in-memory <see cref="SearchCorpus"/> of each generation in the <see cref="CommitLog"/>, with its memo; the index's
/// status; and the text of a result list's chunks, in one query. When the log says the file was replaced, the
/// connection is opened again; with no index (deleted), it answers as an empty one would.
/// </summary>
internal sealed class IndexReader : IDisposable
{
    private readonly CommitLog _log;
    private readonly string _path;
    private readonly int _dimensions;
    private readonly object _lock = new();
    private IndexReadStore? _store;
    private int _epoch; // the log's epoch the connection was opened (or closed) at
    private volatile Generation? _current;
    private readonly TimeProvider _clock;

    public IndexReader(CommitLog log, IndexReadStore store, int dimensions, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _log = log;
        _postingsRead = new AfterQuiet(log, PostingsQuiet, _clock, ReadPostingsIfBehind);
        _corpusSave = new AfterQuiet(log, CorpusQuiet, _clock, () => SaveCorpus());
        _store = store;
        _path = store.Path;
        _dimensions = dimensions;
        _epoch = log.Epoch;
    }

    /// <summary>
    /// The corpus of everything committed so far, with the memo of what is derived from it; cheap when nothing was
    /// committed since the last call. After a commit of a few files only those files are read again and replace theirs
    /// (<see cref="SearchCorpus.Replacing"/>: 40-78 ms at 10⁵ days where a whole load takes 1.8-2.6 s; bench, scale
    /// part). A commit of more than a quarter as many files as there are entries loads it whole.
    /// </summary>
    public Generation Current
    {
        get
        {
            var cached = _current;
            if (cached is not null && cached.Number == _log.Generation && cached.External == _log.ExternalVersion) return cached;
            lock (_lock)
            {
                cached = _current;
                // Read before the load, so that a commit landing during it is seen at the next call. Files committed
                // after the generation read here are read as they are now too: that is harmless, as a file is
                // replaced whole, and the next call reads them again for their own generation.
                var external = _log.ExternalVersion;
                var (generation, changed) = _log.ChangesSince(cached?.Number ?? -1);
                if (cached is not null && cached.Number == generation && cached.External == external) return cached;
                // Another writer's commits are not in this process's list of changed files: load the whole snapshot.
                if (cached is not null && cached.External != external) changed = null;
                var store = OpenStore();
                var loaded = store is null ? new LoadedCorpus(new SearchCorpus([], [], [], _dimensions), null)
                    : cached is not null && changed is not null && changed.Count <= cached.Corpus.Entries.Count / 4
                        ? new LoadedCorpus(cached.Corpus.Replacing(changed, Damaged(() => store.LoadCorpus(_dimensions, changed).Corpus)), null)
                        : Damaged(() => store.LoadCorpus(_dimensions));
                return _current = new Generation(generation, external, loaded.Corpus, loaded.Stamp);
            }
        }
    }

    /// <summary>One generation of the index in memory: its corpus and the memo of what queries derive from it.</summary>
    /// <param name="Number">The <see cref="CommitLog.Generation"/> it was loaded at.</param>
    /// <param name="External">The <see cref="CommitLog.ExternalVersion"/> it was loaded at.</param>
    /// <param name="Corpus">The entries, chunks, windows and vectors.</param>
    /// <param name="Stamp">The content stamp it was loaded whole at, for the corpus file; null when spliced (Replacing).</param>
    internal sealed record Generation(int Number, long External, SearchCorpus Corpus, string? Stamp)
    {
        /// <summary>Values derived from this generation, by key; a new generation starts empty.</summary>
        public System.Collections.Concurrent.ConcurrentDictionary<object, Lazy<object>> Memo { get; } = new();
    }

    /// <summary>What the index holds now (from the last commit).</summary>
    public IndexStatus Status() => Read(r =>
    {
        var (files, entries, chunks, windows) = r.Counts();
        var last = r.GetMeta("last_indexed_at");
        return new IndexStatus(files, entries, chunks,
            r.SkippedFiles().Select(s => new SkippedFile(s.Path, s.Reason)).ToList(),
            r.Warnings().Select(w => new FileWarning(w.Path, w.Warning)).ToList(),
            DateTimeOffset.TryParse(last, out var at) ? at : null,
            Indexer.TemplateLinesOf(r).Lines, windows);
    }, new IndexStatus(0, 0, 0, [], [], null));

    /// <summary>
    /// The hits as results, in order: each entry with the passage that matched and its snippet (at most
    /// <paramref name="snippetChars"/> characters), the texts of passages and windows read in one query.
    /// </summary>
    public List<SearchResult> Results(SearchCorpus corpus, IReadOnlyList<EntryHit> hits, IReadOnlyDictionary<EntryKey, DateTimeOffset> lastSeen, int snippetChars)
    {
        // A hit found by a sentence window shows that window: the moment the question asked about.
        var (passages, windows) = Read(r => r.Texts(
            hits.Where(h => h.Window < 0).Select(h => corpus.Chunks[h.Chunk].Id),
            hits.Where(h => h.Window >= 0).Select(h => corpus.Windows[h.Window].Id)), ([], []));
        return hits.Select(h =>
        {
            var entry = corpus.Entries[h.Entry];
            var (chunk, text) = h.Window >= 0
                ? (corpus.Windows[h.Window], windows.GetValueOrDefault(corpus.Windows[h.Window].Id, ""))
                : (corpus.Chunks[h.Chunk], passages.GetValueOrDefault(corpus.Chunks[h.Chunk].Id, ""));
            return new SearchResult(entry.Date, entry.Path, chunk.StartLine, chunk.EndLine, Math.Round(h.Score, 4),
                Snippet.Of(Snippet.PlainText(text), snippetChars), entry.StartLine, entry.EndLine, entry.Heading,
                lastSeen.TryGetValue(EntryKey.Of(entry), out var seen) ? seen : null);
        }).ToList();
    }

    /// <summary>The texts of passages and sentence windows (indexes into the corpus's chunks and windows), by index, in one query.</summary>
    public (Dictionary<int, string> Chunks, Dictionary<int, string> Windows) Texts(SearchCorpus corpus, IReadOnlyCollection<int> chunks, IReadOnlyCollection<int> windows)
    {
        var (byChunkId, byWindowId) = Read(r => r.Texts(chunks.Select(c => corpus.Chunks[c].Id), windows.Select(w => corpus.Windows[w].Id)), ([], []));
        return (chunks.Distinct().Where(c => byChunkId.ContainsKey(corpus.Chunks[c].Id)).ToDictionary(c => c, c => byChunkId[corpus.Chunks[c].Id]),
            windows.Distinct().Where(w => byWindowId.ContainsKey(corpus.Windows[w].Id)).ToDictionary(w => w, w => byWindowId[corpus.Windows[w].Id]));
    }

    /// <summary>The best <paramref name="limit"/> chunks by BM25 for a MATCH expression, as (chunk index, score).</summary>
    public IEnumerable<(int Chunk, float Score)> Bm25(SearchCorpus corpus, string match, int limit) => InCorpus(corpus, Read(r => r.Bm25(match, limit), []));

    // Scored chunk ids as chunk indexes of the corpus, in order; ids it does not hold (written since) dropped.
    private static List<(int Chunk, float Score)> InCorpus(SearchCorpus corpus, IEnumerable<(long Id, float Score)> hits) =>
        [.. hits.Select(h => (Chunk: corpus.ChunkWithId(h.Id), h.Score)).Where(h => h.Chunk is not null).Select(h => (h.Chunk!.Value, h.Score))];

    /// <summary>
    /// The words of a "more like this" query for the passages <paramref name="chunks"/> (indexes into the corpus's
    /// chunks: an entry's, or those a selection touches; <see cref="LexicalRanker.MoreLikeThisWords"/>), best first, or
    /// null, weighted by <see cref="Frequencies"/>. Their texts are read here unless <paramref name="known"/> (texts by
    /// chunk index, as the caller read them) holds every one.
    /// </summary>
    public List<string>? MoreLikeThis(SearchCorpus corpus, IReadOnlyList<int> chunks, IReadOnlyDictionary<int, string>? known = null)
    {
        IEnumerable<string> texts = known is not null && chunks.All(known.ContainsKey)
            ? [.. chunks.Select(c => known[c])]
            : Read(r => r.Texts(chunks.Select(c => corpus.Chunks[c].Id), []), ([], [])).Chunks.Values;
        List<string> words = [.. LexicalRanker.Candidates(texts)];
        return LexicalRanker.MoreLikeThisWordsOfCandidates(words, Frequencies(words).GetValueOrDefault, corpus.Chunks.Count);
    }

    /// <summary>
    /// The best <paramref name="limit"/> chunks by BM25 for the OR of <paramref name="words"/> (a "more like this"
    /// query), as (chunk index, score): from the postings in memory (<see cref="Bm25Postings"/>, the same scores as
    /// FTS5's) when they were read at <paramref name="generation"/> and hold every word's stem, else from the full-text
    /// index; then, when the postings are behind the index, they are read again once it has been quiet for
    /// <see cref="PostingsQuiet"/>.
    /// </summary>
    public IEnumerable<(int Chunk, float Score)> MoreLikeThisBm25(Generation generation, IReadOnlyList<string> words, int limit)
    {
        if (_postings is { } held && held.At(generation.Number, generation.External) && words.All(PorterStemmer.CanStem)
            && held.Postings.Score([.. words.Select(PorterStemmer.Stem)], limit) is { } rows)
            return InCorpus(generation.Corpus, rows);
        if (!PostingsCurrent()) ReadPostingsSoon();
        return Bm25(generation.Corpus, LexicalRanker.Match(words), limit);
    }

    /// <summary>Whether postings in memory were read at <paramref name="generation"/>, so that "more like this" is scored from them.</summary>
    public bool PostingsInMemory(Generation generation) => _postings is { } held && held.At(generation.Number, generation.External);

    /// <summary>How long the index must go without a commit before postings behind it are read again: 2 s (typing
    /// commits after every pause; each read costs 0.5-0.7 s of a core on Pepys).</summary>
    public static readonly TimeSpan PostingsQuiet = TimeSpan.FromSeconds(2);

    // The postings for "more like this" and the generation they were read at; null before the first read.
    private sealed record HeldPostings(int Number, long External, Bm25Postings Postings)
    {
        public bool At(int number, long external) => Number == number && External == external;
    }
    private volatile HeldPostings? _postings;

    // Reads the postings again once the index has been quiet for PostingsQuiet, unless they are current by then.
    private void ReadPostingsSoon() => _postingsRead.Schedule();

    private readonly AfterQuiet _postingsRead;

    private void ReadPostingsIfBehind()
    {
        try
        {
            if (!PostingsCurrent()) LoadPostings();
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IndexDamagedException or ObjectDisposedException)
        {
            // the full-text index answers meanwhile, as before the first read
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the background once the log's generation has stood still for
    /// <paramref name="quiet"/> (waiting again while commits come); one wait at a time, a schedule during it joins it,
    /// and one during the work starts the next wait (what it does may be behind that commit already).
    /// </summary>
    private sealed class AfterQuiet(CommitLog log, TimeSpan quiet, TimeProvider clock, Action work)
    {
        private int _scheduled; // 1 while a wait is under way

        public void Schedule()
        {
            if (Interlocked.Exchange(ref _scheduled, 1) == 1) return;
            _ = Task.Run(async () =>
            {
                try
                {
                    int seen;
                    do
                    {
                        seen = log.Generation;
                        await Task.Delay(quiet, clock);
                    } while (seen != log.Generation);
                }
                finally
                {
                    Volatile.Write(ref _scheduled, 0);
                }
                work();
            });
        }
    }

    /// <summary>
    /// How many chunks hold each of <paramref name="words"/> (as the full-text index stems them), for "more like this"
    /// and a question's BM25 query: from the vocabulary <see cref="LoadVocabulary"/> read, by the word's stem
    /// (<see cref="PorterStemmer"/>); else from the counts of earlier calls; else counted in one query for the rest.
    /// Counts are not kept per snapshot: a commit (after every pause in typing) moves a word's count by a few of 10⁴
    /// chunks, which cannot change which words an entry is best described by, while counting costs a query per word
    /// (5-7 ms for a day of new words).
    /// </summary>
    public Dictionary<string, int> Frequencies(IEnumerable<string> words)
    {
        var vocabulary = _vocabulary;
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var word in words.Distinct(StringComparer.Ordinal))
        {
            if (vocabulary is not null && vocabulary.TryGetValue(word, out var count) || _frequencies.TryGetValue(word, out count))
                result[word] = count;
            else
                missing.Add(word); // not stemmed as the index stems it, or new since the vocabulary was read
        }
        if (missing.Count > 0)
            foreach (var (word, count) in Read(r => r.DocumentFrequencies(missing), []))
                result[word] = _frequencies[word] = count;
        return result;
    }

    // Chunks holding each word, as counted by queries; emptied when the vocabulary is read and when the connection is
    // opened or closed.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _frequencies = new();

    // Chunks holding each stem of the full-text index, as of the last LoadVocabulary; null before it.
    private volatile Vocabulary? _vocabulary;

    // The full-text index's stems with their chunk counts, looked up by word: each word is stemmed once per vocabulary
    // and its count kept, where stemming every word of a day at every hover was a fifth of similar days' time on the
    // diary (the "more like this" words, and the evidence's shared words). Thread-safe; one per LoadVocabulary, so the
    // words' counts go with the stems they were read from.
    private sealed class Vocabulary(Dictionary<string, int> stems)
    {
        // A word's count, or -1 where the index does not stem it as PorterStemmer does or holds no such stem.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _words = new(StringComparer.Ordinal);

        public bool TryGetValue(string word, out int count)
        {
            if (!_words.TryGetValue(word, out count))
                _words[word] = count = PorterStemmer.CanStem(word) && stems.TryGetValue(PorterStemmer.Stem(word), out var found)
                    ? found
                    : -1;
            return count >= 0;
        }
    }

    // Bumped by Reopen and Close: a vocabulary read from the index before either is not published after it.
    private int _connection;

    /// <summary>
    /// Reads the full-text index's vocabulary (every stem with the number of chunks holding it) into memory, through a
    /// connection of its own so queries do not wait for it, and returns the number of stems (0 with no index); the
    /// postings for "more like this" follow in the background once the index has been quiet for
    /// <see cref="PostingsQuiet"/> (<see cref="LoadPostings"/>), so that a start's first requests do not share the
    /// cores with them. The counts of earlier queries are dropped: they may date from a half-built index. A word new
    /// since is counted by a query (<see cref="Frequencies"/>).
    /// </summary>
    public int LoadVocabulary()
    {
        var stems = Load(postings: false);
        if (!PostingsCurrent()) ReadPostingsSoon(); // a run that committed nothing leaves them current
        return stems;
    }

    // Whether the postings in memory were read at the log's generation now.
    private bool PostingsCurrent() => _postings is { } held && held.At(_log.Generation, _log.ExternalVersion);

    /// <summary>
    /// Reads the vocabulary (as <see cref="LoadVocabulary"/>) and, in the same transaction, the postings of its rarer
    /// stems (<see cref="IndexReadStore.VocabularyAndPostings"/>) now; returns the number of stems (0 with no index).
    /// The postings serve the generation they were read at only.
    /// </summary>
    public int LoadPostings() => Load(postings: true);

    // Held by a vocabulary or postings read on its own connection, and taken by Close, so that the index is never
    // deleted or moved aside under such a read (0.3-0.7 s for the postings), which would make SQLite's -wal and -shm
    // files again beside a deleted index.
    private readonly object _loadGate = new();

    private int Load(bool postings)
    {
        lock (_loadGate)
        {
            int connection;
            lock (_lock)
            {
                if (OpenStore() is null) return 0; // deleted
                connection = _connection;
            }
            var (generation, external) = (_log.Generation, _log.ExternalVersion);
            Dictionary<string, int> vocabulary;
            Bm25Postings? read = null;
            try
            {
                using var store = IndexReadStore.Open(_path);
                if (postings) (vocabulary, read) = store.VocabularyAndPostings(rows => LexicalRanker.MoreLikeThisMaxDocuments((int)rows));
                else vocabulary = store.Vocabulary();
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                return 0; // deleted since, or unreadable: words are counted by queries, as before the load
            }
            lock (_lock)
            {
                if (_store is null || connection != _connection) return 0; // reopened or closed meanwhile: another index
                _vocabulary = new Vocabulary(vocabulary);
                _frequencies.Clear();
                // Published for the generation read before it only if the log has not moved on meanwhile. A commit that
                // SQLite had made but the log not yet counted when the read began is in it under the older number;
                // harmless, as for the corpus (Current): the log's count of that commit, made just after, retires them.
                if (read is not null && generation == _log.Generation && external == _log.ExternalVersion)
                    _postings = new HeldPostings(generation, external, read);
            }
            return vocabulary.Count;
        }
    }

    /// <summary>
    /// How long the index must go without a commit before the corpus file is written (<see cref="SaveCorpusSoon"/>): a
    /// minute, so that an editing session, which commits after every pause in typing, writes the file (22 MB for Pepys,
    /// about 0.2 s of a core) once when it ends rather than at every pause.
    /// </summary>
    public static readonly TimeSpan CorpusQuiet = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Writes the corpus file (<see cref="SaveCorpus"/>) once the index has gone <see cref="CorpusQuiet"/> without a
    /// commit, in the background; one such wait at a time. Called after every write.
    /// </summary>
    public void SaveCorpusSoon() => _corpusSave.Schedule();

    private readonly AfterQuiet _corpusSave;

    /// <summary>
    /// Writes the corpus file for the index's content now, so that the next start reads one file instead of the tables
    /// (<see cref="IndexReadStore.SaveCorpus"/>), through a connection of its own. Returns whether it wrote (not when the file is current, the index is
    /// deleted, or the file cannot be written: the file is a cache, and the tables answer without it).
    /// </summary>
    public bool SaveCorpus()
    {
        lock (_loadGate)
        {
            lock (_lock)
                if (OpenStore() is null) return false; // deleted
            try
            {
                using var store = IndexReadStore.Open(_path);
                // The corpus in memory where it was loaded whole at the content the index still holds: no second read.
                return store.SaveCorpus(_dimensions, _current is { Stamp: not null } held ? new LoadedCorpus(held.Corpus, held.Stamp) : null);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }
    }

    // The connection, opened again when the log says the file was replaced since (deleted and made again, or moved
    // aside after damage); null while the index is deleted. Under _lock.
    private IndexReadStore? OpenStore()
    {
        var epoch = _log.Epoch;
        if (epoch == _epoch) return _store;
        _store?.Dispose();
        _store = IndexReadStore.Open(_path);
        _epoch = epoch;
        _current = null;
        Forget();
        return _store;
    }

    /// <summary>Closes the read connection; queries answer from an empty index until the file is made again.</summary>
    public void Close()
    {
        lock (_loadGate)
        lock (_lock)
        {
            _store?.Dispose();
            _store = null;
            _epoch = _log.Epoch;
            _current = null;
            Forget();
        }
    }

    // Word counts belong to the connection's file.
    private void Forget()
    {
        _frequencies.Clear();
        _vocabulary = null;
        _postings = null;
        _connection++;
    }

    private T Read<T>(Func<IndexReadStore, T> action, T whenDeleted)
    {
        lock (_lock) return OpenStore() is { } store ? Damaged(() => action(store)) : whenDeleted;
    }

    // A read that finds the file damaged reports it to the log, for the writer's next run to move aside and rebuild,
    // and tells the asker so.
    private T Damaged<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is SqliteStore.Corrupt or SqliteStore.NotADatabase)
        {
            var what = e.SqliteErrorCode == SqliteStore.NotADatabase ? "it is not a SQLite database" : "SQLite found it malformed while reading";
            _log.ReportDamage(what);
            throw new IndexDamagedException($"the index is damaged ({what}); the next indexing run moves it aside and builds it again from the journal");
        }
    }

    public void Dispose() => Close();
}
