using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using JournalLsp.Core.Chunking;
using JournalLsp.Core.Journal;
using JournalLsp.Core.Search;
using JournalLsp.Indexing.Embeddings;
using JournalLsp.Indexing.Storage;

namespace JournalLsp.Indexing;

/// <summary>
/// The journal engine: keeps an index of one journal folder fresh and answers "ask", "similar days" and "on this
/// day" from it. Everything runs locally.
/// <para>Thread safety: writes (<see cref="Index"/>, <see cref="UpdateFile"/>, <see cref="RemoveFile"/>) run one at a
/// time; queries may run on any thread at any moment, also during an indexing run, and see everything committed so
/// far (each commit holds whole files, so a query never sees half a file).</para>
/// </summary>
public sealed class JournalEngine : IDisposable
{
    // Files are embedded and committed in groups of about this many chunks: progress and crash safety at a fair grain.
    private const int ChunksPerCommit = 256;

    // How long the "recently opened" penalty takes to halve (days); see SimilarQuery.ForgottenWeight.
    private const double SeenHalfLifeDays = 30;

    private readonly JournalEngineOptions _options;
    // Both connections are null after DeleteIndex until the next write opens a fresh index.
    private IndexStore? _store;                // the writer connection, one call at a time under _storeLock
    private IndexStore? _reader;               // a read-only connection for queries, under _readLock
    private readonly object _storeLock = new();
    private readonly object _readLock = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Lazy<OnnxEmbeddingGenerator> _embedder;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen;
    private volatile CachedCorpus? _corpus;
    private int _generation;
    private volatile JournalFilter _filter;

    private sealed record CachedCorpus(int Generation, SearchCorpus Corpus);

    private JournalEngine(JournalEngineOptions options, IndexStore store, IndexStore reader)
    {
        _options = options;
        _store = store;
        _reader = reader;
        IndexPath = store.Path;
        _filter = options.Filter;
        JournalFolder = Path.GetFullPath(options.JournalFolder);
        _seen = new ConcurrentDictionary<string, DateTimeOffset>(store.Seen(), StringComparer.Ordinal);
        _embedder = new Lazy<OnnxEmbeddingGenerator>(() =>
            OnnxEmbeddingGenerator.Create(options.Model, options.ModelFolder ?? IndexLocation.ModelFolder()));
    }

    /// <summary>The journal folder, full path.</summary>
    public string JournalFolder { get; }

    /// <summary>The index file.</summary>
    public string IndexPath { get; }

    /// <summary>The embedding model's id.</summary>
    public string ModelId => _options.Model.Id;

    /// <summary>Files larger than this are skipped (bytes); see <see cref="JournalEngineOptions.MaxFileBytes"/>.</summary>
    public long MaxFileBytes => _options.MaxFileBytes;

    /// <summary>Which files are indexed. A change takes effect at the next <see cref="Index"/> run.</summary>
    public JournalFilter Filter
    {
        get => _filter;
        set => _filter = value ?? JournalFilter.All;
    }

    /// <summary>
    /// The front-matter key that marks a file private, besides <c>private</c> (see <see cref="JournalParser.Parse"/>).
    /// A change takes effect for files parsed afterwards: follow it with <see cref="Rebuild"/>.
    /// </summary>
    public string PrivateFlag
    {
        get => _privateFlag;
        set => _privateFlag = string.IsNullOrWhiteSpace(value) ? JournalParser.DefaultPrivateFlag : value.Trim();
    }

    private volatile string _privateFlag = JournalParser.DefaultPrivateFlag;

    /// <summary>Opens (or creates) the index for <see cref="JournalEngineOptions.JournalFolder"/>. The model loads on first use.</summary>
    /// <exception cref="DirectoryNotFoundException">When the journal folder does not exist.</exception>
    public static JournalEngine Open(JournalEngineOptions options)
    {
        if (!Directory.Exists(options.JournalFolder))
            throw new DirectoryNotFoundException($"journal folder not found: {options.JournalFolder}");
        var store = IndexStore.Open(options.IndexPath ?? IndexLocation.DefaultIndexPath(options.JournalFolder));
        try
        {
            return new JournalEngine(options, store, IndexStore.OpenReader(store.Path));
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>The embedding generator (loaded on first use), for callers that embed text themselves.</summary>
    public OnnxEmbeddingGenerator Embedder => _embedder.Value;

    /// <summary>
    /// Brings the index in line with the folder: new and changed files are parsed, chunked and embedded (only chunks
    /// whose text has no vector yet), deleted and no longer included files leave. Bad files are skipped with a reason;
    /// nothing throws for them. Waits for any other write to finish first.
    /// </summary>
    /// <exception cref="OperationCanceledException">When cancelled; what was committed so far stays valid.</exception>
    public IndexSummary Index(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunIndex(progress, rebuild: false, cancellationToken);

    /// <summary>
    /// Like <see cref="Index(IProgress{IndexProgress}?, CancellationToken)"/>, but every file is read, parsed and chunked
    /// again even when unchanged (after a parser fix, or when in doubt). Vectors of unchanged chunk text are still reused.
    /// </summary>
    public IndexSummary Rebuild(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunIndex(progress, rebuild: true, cancellationToken);

    private IndexSummary RunIndex(IProgress<IndexProgress>? progress, bool rebuild, CancellationToken cancellationToken)
    {
        _writeGate.Wait(cancellationToken);
        try
        {
            return IndexLocked(progress, rebuild, cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private IndexSummary IndexLocked(IProgress<IndexProgress>? progress, bool rebuild, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var paths = JournalFiles.Enumerate(JournalFolder, _filter);
        var known = Store(s => s.Files());

        var changed = new List<JournalFile>();
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = JournalFiles.Read(JournalFolder, path, _options.MaxFileBytes);
            if (rebuild || !known.TryGetValue(path, out var stored) || stored.Hash != file.Hash) changed.Add(file);
        }
        var seen = paths.ToHashSet(StringComparer.Ordinal);
        var removed = known.Keys.Where(p => !seen.Contains(p)).ToList();
        if (removed.Count > 0) Store(s => s.DeleteFiles(removed));

        // Parsing and chunking are cheap next to embedding: do them first so progress can count entries.
        var rows = new List<FileRow>(changed.Count);
        foreach (var file in changed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add(Prepare(file));
        }
        var changedPaths = changed.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        var entriesDone = known.Where(kv => seen.Contains(kv.Key) && !changedPaths.Contains(kv.Key)).Sum(kv => kv.Value.Entries);
        var entriesTotal = entriesDone + rows.Sum(r => r.Entries.Count);

        var embedded = 0;
        long tokens = 0;
        var embedClock = new Stopwatch();
        var filesDone = paths.Count - changed.Count;
        void Report() => progress?.Report(new IndexProgress(filesDone, paths.Count, embedded,
            embedClock.Elapsed.TotalSeconds > 0 ? embedded / embedClock.Elapsed.TotalSeconds : 0, entriesDone, entriesTotal));
        Report();

        var group = new List<FileRow>();
        var groupChunks = 0;
        void Flush()
        {
            var (count, groupTokens) = EmbedAndCommit(group, embedClock, cancellationToken);
            embedded += count;
            tokens += groupTokens;
            filesDone += group.Count;
            entriesDone += group.Sum(r => r.Entries.Count);
            group.Clear();
            groupChunks = 0;
            Report();
        }
        foreach (var row in rows)
        {
            group.Add(row);
            groupChunks += row.Entries.Sum(e => e.Chunks.Count);
            if (groupChunks >= ChunksPerCommit) Flush();
        }
        if (group.Count > 0) Flush();

        if (changed.Count > 0 || removed.Count > 0)
        {
            Store(s =>
            {
                s.CollectGarbage();
                s.Checkpoint(); // replaced and removed text leaves the WAL too (IndexStore: private stays private)
            });
            Interlocked.Increment(ref _generation);
        }
        var now = _options.Clock.GetUtcNow();
        Store(s =>
        {
            s.SetMeta("journal_folder", JournalFolder);
            s.SetMeta("model_id", _options.Model.Id);
            s.SetMeta("last_indexed_at", now.ToString("O"));
        });

        var status = Status();
        return new IndexSummary(status.Files, status.Entries, status.Chunks, embedded, Math.Max(0, status.Chunks - embedded), tokens,
            changed.Count, removed.Count, status.Skipped, status.Warnings, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Re-indexes one file now, from <paramref name="text"/> (an editor's unsaved buffer) or, when null, from disk.
    /// Only chunks whose text changed are embedded. A file that is gone from disk, or outside the journal's filter,
    /// leaves the index.
    /// </summary>
    /// <param name="path">The file, absolute or relative to the journal folder.</param>
    /// <param name="text">The file's current text, or null to read the disk.</param>
    /// <param name="cancellationToken">Cancels before the commit; the index keeps its previous state.</param>
    /// <returns>What changed; <see cref="FileUpdate.Outside"/> for a path outside the journal folder (nothing done).</returns>
    public FileUpdate UpdateFile(string path, string? text = null, CancellationToken cancellationToken = default)
    {
        var relative = RelativePath(path);
        if (relative is null) return FileUpdate.Outside;
        _writeGate.Wait(cancellationToken);
        try
        {
            var full = Path.Combine(JournalFolder, relative);
            if (!_filter.Matches(relative) || (text is null && !File.Exists(full))) return RemoveLocked(relative);
            var file = text is null
                ? JournalFiles.Read(JournalFolder, relative, _options.MaxFileBytes)
                : JournalFiles.FromText(relative, text, _options.MaxFileBytes);
            // One row, not the whole files table: this runs after every pause in typing.
            if (Store(s => s.FileHash(relative)) == file.Hash)
                return new FileUpdate(relative, FileUpdateKind.Unchanged, 0, file.SkipReason);
            var row = Prepare(file);
            var (embedded, _) = EmbedAndCommit([row], new Stopwatch(), cancellationToken);
            Store(s =>
            {
                s.CollectGarbage();
                s.Checkpoint();
            });
            return new FileUpdate(relative, FileUpdateKind.Indexed, embedded, row.SkipReason);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Removes one file from the index (it was deleted). A path outside the journal does nothing.</summary>
    public FileUpdate RemoveFile(string path)
    {
        var relative = RelativePath(path);
        if (relative is null) return FileUpdate.Outside;
        _writeGate.Wait();
        try
        {
            return RemoveLocked(relative);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private FileUpdate RemoveLocked(string relative)
    {
        if (Store(s => s.FileHash(relative)) is null) return new FileUpdate(relative, FileUpdateKind.Unchanged, 0, null);
        Store(s =>
        {
            s.DeleteFiles([relative]);
            s.CollectGarbage();
            s.Checkpoint();
        });
        Interlocked.Increment(ref _generation);
        return new FileUpdate(relative, FileUpdateKind.Removed, 0, null);
    }

    /// <summary>
    /// The path of <paramref name="path"/> relative to the journal folder, '/'-separated, or null when it lies
    /// outside the folder.
    /// </summary>
    public string? RelativePath(string path)
    {
        var full = Path.GetFullPath(path, JournalFolder);
        var relative = Path.GetRelativePath(JournalFolder, full);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)) return null;
        return relative.Replace('\\', '/');
    }

    private FileRow Prepare(JournalFile file)
    {
        if (file.Text is null)
            return new FileRow(file.RelativePath, file.Hash, file.SizeBytes, file.SkipReason, file.Warnings, []);
        try
        {
            var parsed = JournalParser.Parse(file.RelativePath, file.Text, _privateFlag);
            var warnings = file.Warnings.Concat(parsed.Warnings).ToList();
            // No warnings either: a front-matter warning quotes the file's own text.
            if (parsed.IsPrivate)
                return new FileRow(file.RelativePath, file.Hash, file.SizeBytes, "marked private in front matter", [], []);
            var chunker = Chunker;
            var entries = parsed.Entries.Select(entry => new EntryRow(entry.Date, entry.StartLine, entry.EndLine, entry.Heading,
                chunker.Chunk(entry).Select(c => new ChunkRow(c.Ordinal, c.StartLine, c.EndLine, c.TokenCount, c.Text, KeyOf(c.Text))).ToList())).ToList();
            return new FileRow(file.RelativePath, file.Hash, file.SizeBytes, null, warnings, entries);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A parser bug on one odd file must not stop the journal from being indexed.
            return new FileRow(file.RelativePath, file.Hash, file.SizeBytes, $"could not be parsed: {e.Message}", file.Warnings, []);
        }
    }

    private EntryChunker? _chunker;
    private EntryChunker Chunker => _chunker ??= new EntryChunker(Embedder.CountTokens, _options.Chunker);

    private (int Embedded, long Tokens) EmbedAndCommit(List<FileRow> files, Stopwatch embedClock, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<byte[], ChunkRow>(ByteArrayComparer.Instance);
        foreach (var chunk in files.SelectMany(f => f.Entries).SelectMany(e => e.Chunks))
            pending.TryAdd(chunk.EmbeddingKey, chunk);
        var keys = Store(s => s.MissingEmbeddings(pending.Keys)).ToList();
        var texts = keys.Select(k => pending[k].Text).ToList();

        embedClock.Start();
        var vectors = texts.Count == 0 ? [] : Embedder.Embed(texts, cancellationToken);
        embedClock.Stop();
        cancellationToken.ThrowIfCancellationRequested();

        // The chunker already counted each chunk's tokens; +2 for [CLS] and [SEP].
        var tokens = keys.Sum(k => (long)Math.Min(pending[k].TokenCount + 2, _options.Model.MaxTokens));
        var now = _options.Clock.GetUtcNow();
        Store(s => s.Commit(keys.Zip(vectors), files, now));
        Interlocked.Increment(ref _generation);
        return (keys.Count, tokens);
    }

    // The vector cache key: SHA-256 over model id, chunker version and text, so a change to either re-embeds.
    private byte[] KeyOf(string text) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{_options.Model.Id}\n{_options.Chunker.Version}\n{text}"));

    private T Store<T>(Func<IndexStore, T> action)
    {
        lock (_storeLock) return action(OpenedStore());
    }

    private void Store(Action<IndexStore> action)
    {
        lock (_storeLock) action(OpenedStore());
    }

    // The writer, opened again (an empty index) by the first write after DeleteIndex. Under _storeLock.
    private IndexStore OpenedStore()
    {
        if (_store is not null) return _store;
        var store = IndexStore.Open(IndexPath);
        lock (_readLock) _reader = IndexStore.OpenReader(IndexPath);
        return _store = store;
    }

    // Runs a read on the read-only connection; with no index (deleted), returns what an empty one would.
    private T Read<T>(Func<IndexStore, T> action, T whenDeleted)
    {
        lock (_readLock) return _reader is null ? whenDeleted : action(_reader);
    }

    // The in-memory snapshot queries rank against, reloaded after a commit the next time a query needs it.
    private SearchCorpus Corpus
    {
        get
        {
            var cached = _corpus;
            if (cached is not null && cached.Generation == Volatile.Read(ref _generation)) return cached.Corpus;
            lock (_readLock)
            {
                var generation = Volatile.Read(ref _generation);
                cached = _corpus;
                if (cached is not null && cached.Generation == generation) return cached.Corpus;
                var corpus = _reader?.LoadCorpus(_options.Model.Dimensions) ?? new SearchCorpus([], [], [], _options.Model.Dimensions);
                _corpus = new CachedCorpus(generation, corpus);
                return corpus;
            }
        }
    }

    /// <summary>What the index holds now (read from the last commit; cheap enough to call during indexing).</summary>
    public IndexStatus Status() => Read(r =>
    {
        var (files, entries, chunks) = r.Counts();
        var last = r.GetMeta("last_indexed_at");
        return new IndexStatus(files, entries, chunks,
            r.SkippedFiles().Select(s => new SkippedFile(s.Path, s.Reason)).ToList(),
            r.Warnings().Select(w => new SkippedFile(w.Path, w.Warning)).ToList(),
            DateTimeOffset.TryParse(last, out var at) ? at : null);
    }, new IndexStatus(0, 0, 0, [], [], null));

    /// <summary>
    /// Deletes everything this engine stored for the journal (<see cref="IndexLocation.DeleteIndex"/>: the index, its
    /// WAL and shared memory, the seen-log inside it, and its folder). Waits for a running write to finish first.
    /// Afterwards queries answer from an empty index, and the next write (<see cref="Index"/>, <see cref="UpdateFile"/>)
    /// creates a fresh one.
    /// </summary>
    /// <returns>The paths deleted.</returns>
    /// <exception cref="IOException">When a file cannot be deleted.</exception>
    public IReadOnlyList<string> DeleteIndex()
    {
        _writeGate.Wait();
        try
        {
            lock (_storeLock)
            lock (_readLock)
            {
                _reader?.Dispose();
                _store?.Dispose();
                _reader = _store = null;
                _seen.Clear();
                _corpus = null;
                Interlocked.Increment(ref _generation);
                return IndexLocation.DeleteIndex(IndexPath);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Answers a question in plain words: its framing ("tell me about a day when") is dropped, date phrases in it ("in 2019", "last year") filter the days and are not
    /// embedded; the rest is embedded and every chunk scored. Entries come best first with their best passage.
    /// A question that is only a date phrase lists that period's entries in date order.
    /// </summary>
    public IReadOnlyList<SearchResult> Ask(string question, AskOptions? options = null)
    {
        options ??= new AskOptions();
        var today = DateOnly.FromDateTime(_options.Clock.GetLocalNow().DateTime);
        var parsed = DatePhraseParser.Parse(question, today);
        var explicitRange = options.From is null && options.To is null ? null : new DateRange(options.From, options.To);
        var range = DateRange.Intersect(parsed.Range, explicitRange);
        var corpus = Corpus;

        if (string.IsNullOrWhiteSpace(parsed.Text))
        {
            var inRange = Enumerable.Range(0, corpus.Entries.Count)
                .Where(e => (range?.Contains(corpus.Entries[e].Date) ?? true) && corpus.ChunksOf(e).Count > 0)
                .OrderBy(e => corpus.Entries[e].Date).Take(options.Top)
                .Select(e => new EntryHit(e, corpus.ChunksOf(e)[0], 0f)).ToList();
            return ToResults(corpus, inRange);
        }
        var query = Embedder.EmbedQuery(QuestionFraming.Strip(parsed.Text));
        return ToResults(corpus, DenseRanker.Rank(corpus, query, options.Top, e => range?.Contains(e.Date) ?? true));
    }

    /// <summary>
    /// The entries that read most like the given one, best first, leaving out the entry itself and the days within
    /// <see cref="SimilarQuery.NeighbourDays"/> of it. See <see cref="DenseRanker.RankSimilar"/>. With
    /// <see cref="SimilarQuery.ForgottenWeight"/> above 0, entries opened recently in an editor drop down the list.
    /// </summary>
    /// <exception cref="JournalException">When no indexed entry matches the date or file.</exception>
    public IReadOnlyList<SearchResult> Similar(SimilarQuery query)
    {
        var corpus = Corpus;
        var source = FindEntry(corpus, query);
        var sourceChunks = corpus.ChunksOf(source);
        if (sourceChunks.Count == 0) throw new JournalException("that entry has no indexed text yet");
        var include = Candidates(corpus.Entries[source], query.NeighbourDays);
        if (query.ForgottenWeight <= 0)
            return ToResults(corpus, DenseRanker.RankSimilar(corpus, sourceChunks, query.Top, include));

        // Re-rank a wider pool: score − weight × 2^(−days since last opened / 30). Never-opened entries lose nothing.
        var now = _options.Clock.GetUtcNow();
        var pool = DenseRanker.RankSimilar(corpus, sourceChunks, query.Top * 4, include);
        var reranked = pool
            .Select(h => h with { Score = h.Score - (float)(query.ForgottenWeight * SeenRecency(corpus.Entries[h.Entry], now)) })
            .OrderByDescending(h => h.Score).Take(query.Top).ToList();
        return ToResults(corpus, reranked);
    }

    /// <summary>
    /// How many days <see cref="Similar"/> would list for <paramref name="query"/>, without ranking: the entries with
    /// indexed text outside the neighbour window, up to <see cref="SimilarQuery.Top"/>. Microseconds, for code lenses.
    /// </summary>
    /// <exception cref="JournalException">When no indexed entry matches the date or file.</exception>
    public int SimilarCount(SimilarQuery query)
    {
        var corpus = Corpus;
        var source = FindEntry(corpus, query);
        if (corpus.ChunksOf(source).Count == 0) return 0;
        var include = Candidates(corpus.Entries[source], query.NeighbourDays);
        var count = 0;
        for (var e = 0; e < corpus.Entries.Count && count < query.Top; e++)
            if (corpus.ChunksOf(e).Count > 0 && include(corpus.Entries[e])) count++;
        return count;
    }

    // The entries similar-days ranking may return for `self`: any other entry outside its neighbour window.
    private static Func<EntryInfo, bool> Candidates(EntryInfo self, int neighbourDays) => e =>
        e.Id != self.Id && !(e.Date is { } d && self.Date is { } s && Math.Abs(d.DayNumber - s.DayNumber) <= neighbourDays);

    private double SeenRecency(EntryInfo entry, DateTimeOffset now) =>
        LastSeen(entry) is { } seen ? Math.Pow(2, -Math.Max(0, (now - seen).TotalDays) / SeenHalfLifeDays) : 0;

    private DateTimeOffset? LastSeen(EntryInfo entry) =>
        _seen.TryGetValue(IndexStore.SeenKey(entry.Path, IndexStore.EntryKey(entry.Date, entry.Heading)), out var at) ? at : null;

    /// <summary>
    /// Entries from earlier years on the same month and day as <paramref name="date"/>, newest first, each with the
    /// start of its text. 29 February matches only 29 February.
    /// </summary>
    public IReadOnlyList<SearchResult> OnThisDay(DateOnly date, int top = 10)
    {
        var corpus = Corpus;
        var hits = Enumerable.Range(0, corpus.Entries.Count)
            .Where(e => corpus.Entries[e].Date is { } d && d.Month == date.Month && d.Day == date.Day && d.Year < date.Year
                        && corpus.ChunksOf(e).Count > 0)
            .OrderByDescending(e => corpus.Entries[e].Date).Take(top)
            .Select(e => new EntryHit(e, corpus.ChunksOf(e)[0], 0f)).ToList();
        return ToResults(corpus, hits);
    }

    /// <summary>The first entry on <paramref name="date"/> with the start of its text (up to 400 characters), or null.</summary>
    public SearchResult? EntryOn(DateOnly date)
    {
        var corpus = Corpus;
        for (var e = 0; e < corpus.Entries.Count; e++)
            if (corpus.Entries[e].Date == date && corpus.ChunksOf(e).Count > 0)
                return ToResults(corpus, [new EntryHit(e, corpus.ChunksOf(e)[0], 0f)], snippetChars: 400)[0];
        return null;
    }

    /// <summary>
    /// Records that the entries of a file were opened in an editor now (kept in the index, used by
    /// <see cref="SimilarQuery.ForgottenWeight"/>). Returns how many entries were marked; a file not indexed marks none.
    /// </summary>
    public int MarkSeen(string path)
    {
        var relative = RelativePath(path);
        if (relative is null) return 0;
        var keys = Corpus.Entries.Where(e => e.Path == relative).Select(e => IndexStore.EntryKey(e.Date, e.Heading)).Distinct().ToList();
        if (keys.Count == 0) return 0;
        var now = _options.Clock.GetUtcNow();
        lock (_storeLock)
        {
            if (_store is null) return 0; // the index was deleted: the seen-log does not bring it back
            _store.MarkSeen(keys.Select(k => (relative, k)), now);
        }
        foreach (var key in keys) _seen[IndexStore.SeenKey(relative, key)] = now;
        return keys.Count;
    }

    private int FindEntry(SearchCorpus corpus, SimilarQuery query)
    {
        var entries = corpus.Entries;
        if (query.Path is { } path)
        {
            var relative = RelativePath(path) ?? throw new JournalException($"'{path}' is not in the journal folder {JournalFolder}");
            var inFile = Enumerable.Range(0, entries.Count).Where(i => entries[i].Path == relative).ToList();
            if (inFile.Count == 0) throw new JournalException($"'{relative}' has no indexed entries (is it in {JournalFolder}?)");
            if (query.Line is not { } line) return inFile[0];
            return inFile.Where(i => entries[i].StartLine <= line).DefaultIfEmpty(inFile[0]).Last();
        }
        if (query.Date is { } date)
        {
            for (var i = 0; i < entries.Count; i++)
                if (entries[i].Date == date) return i;
            throw new JournalException($"no entry for {date:yyyy-MM-dd} in the index");
        }
        throw new JournalException("give a date or a file to find similar days");
    }

    private List<SearchResult> ToResults(SearchCorpus corpus, IReadOnlyList<EntryHit> hits, int snippetChars = 280)
    {
        var texts = Read(r => r.ChunkTexts(hits.Select(h => corpus.Chunks[h.Chunk].Id)), []);
        return hits.Select(h =>
        {
            var entry = corpus.Entries[h.Entry];
            var chunk = corpus.Chunks[h.Chunk];
            return new SearchResult(entry.Date, entry.Path, chunk.StartLine, chunk.EndLine, Math.Round(h.Score, 4),
                Snippet.Of(texts.GetValueOrDefault(chunk.Id, ""), snippetChars), entry.StartLine, entry.EndLine, entry.Heading,
                LastSeen(entry));
        }).ToList();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writeGate.Wait();
        lock (_storeLock)
        lock (_readLock)
        {
            if (_embedder.IsValueCreated) _embedder.Value.Dispose();
            _reader?.Dispose();
            _store?.Dispose();
        }
    }
}
