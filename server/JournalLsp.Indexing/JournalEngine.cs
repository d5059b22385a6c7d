using JournalLsp.Core.Journal;
using JournalLsp.Core.Search;
using JournalLsp.Indexing.Embeddings;
using JournalLsp.Indexing.Storage;

namespace JournalLsp.Indexing;

/// <summary>
/// The journal engine, the host of one journal folder's index: it opens it, keeps it fresh through the single writer
/// (<see cref="Indexer"/>), and hands out <see cref="Snapshot"/>s that the queries under <c>Indexing/Queries</c> read
/// (<see cref="Questions"/>, <see cref="SimilarDaysQuery"/>, <see cref="EntryQueries"/>); its query methods are one-line
/// delegations to them. Everything runs locally.
/// <para>Thread safety: writes run one at a time (<see cref="MarkSeen"/> too, on the one write connection); queries run
/// on any thread at any moment, also during a run, and see everything committed so far (a commit holds whole files).</para>
/// </summary>
public sealed class JournalEngine : IDisposable
{
    private readonly JournalEngineOptions _options;
    private readonly Lazy<ITextEmbedder> _embedder;
    private readonly SeenLog _seen = new();
    private readonly Indexer _indexer;
    private readonly IndexReader _reader;
    // Question -> its embedding (float[d]): a question asked again (the palette's history, a refreshed timeline) skips
    // the model, 9-10 ms of an ask's 17-25 ms (docs/benchmarks.md). Per model, not per snapshot: commits leave it valid.
    private readonly QueryCache _queries = new(capacity: 256);

    private JournalEngine(JournalEngineOptions options, IndexWriteStore store)
    {
        _options = options;
        _embedder = new Lazy<ITextEmbedder>(() => options.Embedder
            ?? OnnxEmbeddingGenerator.Create(options.Model, options.ModelFolder ?? IndexLocation.ModelFolder(), options.Threads));
        var log = new CommitLog();
        _indexer = new Indexer(options, store, _embedder, _seen, log);
        _reader = new IndexReader(log, IndexReadStore.Open(store.Path), options.Model.Dimensions, options.Clock);
    }

    /// <summary>The journal folder, full path.</summary>
    public string JournalFolder => _indexer.JournalFolder;

    /// <summary>The index file.</summary>
    public string IndexPath => _indexer.IndexPath;

    /// <summary>The embedding model's id.</summary>
    public string ModelId => _options.Model.Id;

    /// <summary>Files larger than this are skipped (bytes); see <see cref="JournalEngineOptions.MaxFileBytes"/>.</summary>
    public long MaxFileBytes => _options.MaxFileBytes;

    /// <summary>Which files are indexed. A change takes effect at the next <see cref="Index"/> run.</summary>
    public JournalFilter Filter { get => _indexer.Filter; set => _indexer.Filter = value; }

    /// <summary>The front-matter key that marks a file private besides <c>private</c>; follow a change with <see cref="Rebuild"/>.</summary>
    public string PrivateFlag { get => _indexer.PrivateFlag; set => _indexer.PrivateFlag = value; }

    /// <summary>What the journal folder said of itself at the last indexing run: daily-note patterns, a Logseq graph, the time zone (<see cref="JournalLayout"/>).</summary>
    public JournalLayout Layout => _indexer.Layout;

    /// <summary>The embedder (the ONNX model, loaded on first use, unless the options gave one).</summary>
    public ITextEmbedder Embedder => _embedder.Value;

    /// <summary>
    /// Starts loading the model on a thread of its own and returns at once, for a caller that will embed soon (a
    /// question, an edit): the load (a few hundred ms) overlaps bringing the index up to date and reading the corpus. A
    /// thread of its own, not the pool's: on 2 cores the pool starts with 2 threads, and requests must not queue behind
    /// the load. With <paramref name="question"/>, that thread then embeds the words <see cref="Ask"/> and
    /// <see cref="Timeline"/> embed (<see cref="Questions.EmbeddedWords"/>) into the cache of recent questions, and a
    /// query waits for it rather than embed them beside it: a model's first run took 33 ms of ask's critical path on the
    /// diary (2026-12-06). Only the first call starts a load; a later call's question is not embedded. A load that fails
    /// throws at the first use. Returns the load (done or in flight), or a completed task when none was started (the
    /// engine disposed). Nothing that needs no model calls it.
    /// </summary>
    public Task LoadModelSoon(string? question = null)
    {
        lock (_loadingGate)
        {
            if (!_disposed && _loading is null)
            {
                // Counted from before the thread starts to its end, the freeing of a model whose engine was disposed
                // meanwhile included: a process that exits at once (a command that fails) does not exit under it.
                var work = NativeWork.Scope();
                try
                {
                    _loading = Task.Factory.StartNew(() => Load(work, question), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                }
                catch
                {
                    work.Dispose();
                    throw;
                }
            }
            return _loading ?? Task.CompletedTask;
        }
    }

    // LoadModelSoon's thread: the model, the question's vector, and the model freed here when the engine was disposed
    // meanwhile; ends the work it was given.
    private ITextEmbedder Load(NativeWork.Counted work, string? question)
    {
        using (work)
        {
            try
            {
                var embedder = _embedder.Value;
                if (question is not null && Questions.EmbeddedWords(Today, question) is { Length: > 0 } words)
                    _queries.GetOrAdd(words, embedder.EmbedQuery);
                return embedder;
            }
            finally
            {
                bool disposed;
                lock (_loadingGate)
                {
                    _loadEnded = true;
                    disposed = _disposed;
                }
                if (disposed) FreeModel();
            }
        }
    }

    // The load LoadModelSoon started, if any, whether it has ended, and whether the engine is disposed: of Dispose and
    // a load that ends after it, whichever comes second frees the model (both decide under the gate).
    private Task? _loading;
    private bool _loadEnded;
    private bool _disposed;
    private readonly Lock _loadingGate = new();

    /// <summary>Opens (or creates) the index for <see cref="JournalEngineOptions.JournalFolder"/>. The model loads on first use.</summary>
    /// <exception cref="DirectoryNotFoundException">When the journal folder does not exist.</exception>
    public static JournalEngine Open(JournalEngineOptions options)
    {
        JournalFiles.RequireFolder(options.JournalFolder);
        if (options.Embedder is { } embedder) options = options with { Model = embedder.Model };
        var path = options.IndexPath ?? IndexLocation.DefaultIndexPath(options.JournalFolder, options.Model);
        var store = IndexWriteStore.Open(path);
        try
        {
            return new JournalEngine(options, store);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == SqliteStore.Corrupt)
        {
            store.Dispose(); // damage past the pages opening reads (the seen-log, the template lines): start empty
            return new JournalEngine(options, IndexWriteStore.OpenAfterDamage(path, "SQLite found it malformed"));
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Brings the index in line with the folder: new and changed files are parsed, chunked and embedded (only chunks
    /// whose text has no vector yet), deleted and no longer included files leave; bad files are skipped with a reason.
    /// Waits for any other write first.
    /// </summary>
    /// <exception cref="OperationCanceledException">When cancelled; what was committed so far stays valid.</exception>
    public IndexSummary Index(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Writing(() => _indexer.Index(progress, rebuild: false, Status, cancellationToken));

    /// <summary><see cref="Index"/> with every file read, parsed and chunked again (after a parser fix, or when in doubt); vectors are reused.</summary>
    public IndexSummary Rebuild(IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Writing(() => _indexer.Index(progress, rebuild: true, Status, cancellationToken));

    /// <summary>
    /// Re-indexes one file (absolute or relative to the journal folder) now, from <paramref name="text"/> (an editor's
    /// buffer) or, when null, from disk; only changed chunks are embedded. A file gone or filtered out leaves the index.
    /// </summary>
    /// <returns>What changed; <see cref="FileUpdate.Outside"/> for a path outside the journal folder (nothing done).</returns>
    public FileUpdate UpdateFile(string path, string? text = null, CancellationToken cancellationToken = default) =>
        RelativePath(path) is { } relative ? Writing(() => _indexer.UpdateFile(relative, text, cancellationToken)) : FileUpdate.Outside;

    /// <summary>Removes one file from the index (it was deleted). A path outside the journal does nothing.</summary>
    public FileUpdate RemoveFile(string path) => RelativePath(path) is { } relative ? Writing(() => _indexer.RemoveFile(relative)) : FileUpdate.Outside;

    // Every write (a run, even one cancelled or that committed nothing, or a file's update) is followed, once the index
    // has been quiet for a minute, by a write of the corpus file where it is not current (IndexReader.CorpusQuiet): the
    // next process to load the corpus then reads one file instead of the tables.
    private T Writing<T>(Func<T> write)
    {
        try
        {
            return write();
        }
        finally
        {
            _reader.SaveCorpusSoon();
        }
    }

    /// <summary>
    /// Records that the entries of a file were opened in an editor now (kept in the index, used by
    /// <see cref="SimilarQuery.ForgottenWeight"/>). Returns how many entries were marked; a file not indexed marks none.
    /// </summary>
    public int MarkSeen(string path)
    {
        if (RelativePath(path) is not { } relative) return 0;
        var keys = _reader.Current.Corpus.Entries.Where(e => e.Path == relative).Select(EntryKey.Of).Distinct().ToList();
        return _indexer.MarkSeen(keys, _options.Clock.GetUtcNow());
    }

    /// <summary>
    /// Deletes everything stored for the journal (<see cref="IndexLocation.DeleteIndex"/>; at the default location the
    /// other models' indexes too), after a running write. Queries then see an empty index; the next write makes a new one.
    /// </summary>
    /// <returns>The paths deleted.</returns>
    /// <exception cref="IOException">When a file cannot be deleted.</exception>
    public IReadOnlyList<string> DeleteIndex() => _indexer.Close(() =>
    {
        _reader.Close();
        return IndexPath == IndexLocation.DefaultIndexPath(JournalFolder, _options.Model)
            ? IndexLocation.DeleteIndexes(JournalFolder)
            : IndexLocation.DeleteIndex(IndexPath);
    });

    /// <summary>The path relative to the journal folder, '/'-separated, or null when it lies outside the folder.</summary>
    public string? RelativePath(string path) => JournalFiles.RelativePath(JournalFolder, path);

    /// <summary>What the index holds now (read from the last commit; cheap enough to call during indexing).</summary>
    public IndexStatus Status() => _reader.Status();

    /// <summary>The index as of now, for one query or a batch of them: cheap unless something was committed since.</summary>
    public JournalSnapshot Snapshot() => new(_reader, _reader.Current, _seen, EmbedQuery, _options.Clock.GetUtcNow(), Today, JournalFolder);

    // A question's vector, from the cache of recent questions. A load LoadModelSoon started is waited for first: it may
    // be embedding this very question, and two first runs of the model on 2 cores cost more than one.
    private float[] EmbedQuery(string text)
    {
        Task? loading;
        lock (_loadingGate) loading = _loading;
        try
        {
            loading?.Wait();
        }
        catch (AggregateException)
        {
            // a failed load throws again, as itself, from Embedder below
        }
        return _queries.GetOrAdd(text, Embedder.EmbedQuery);
    }

    private DateOnly Today => DateOnly.FromDateTime(_options.Clock.GetLocalNow().DateTime);

    /// <inheritdoc cref="Questions.Ask"/>
    public IReadOnlyList<SearchResult> Ask(string question, AskOptions? options = null) => Questions.Ask(Snapshot(), question, options);

    /// <inheritdoc cref="Questions.Timeline"/>
    public JournalTimeline Timeline(string? question, TimelineBy by = TimelineBy.Month, DateOnly? from = null, DateOnly? to = null) =>
        Questions.Timeline(Snapshot(), question, by, from, to);

    /// <inheritdoc cref="Questions.Understand"/>
    public (ParsedQuestion Question, DateRange? Range) Understand(string question, AskOptions? options = null) =>
        Questions.Understand(Today, question, options);

    /// <summary>
    /// The journal's themes with days in <paramref name="query"/>'s period (<see cref="ThemesQuery.Themes"/>). The themes
    /// found are kept while the journal grows by less than <see cref="ThemesQuery.RefitShare"/>: a new day joins the
    /// nearest theme and moves no other.
    /// </summary>
    public JournalThemes Themes(ThemeQuery query)
    {
        var (snapshot, assigned) = ThemesNow();
        return ThemesQuery.Themes(snapshot, assigned, query);
    }

    private (ThemeFit Fit, int Generation)? _themeFit;
    private readonly Lock _themeFitLock = new();

    // The snapshot and its units' themes, under the last fit while it still fits; that fit kept for the next call, but
    // never replaced by one from an older snapshot (a slow request must not bring back themes a refit replaced).
    private (JournalSnapshot, ThemeAssignment) ThemesNow()
    {
        var snapshot = Snapshot();
        (ThemeFit Fit, int Generation)? kept;
        lock (_themeFitLock) kept = _themeFit;
        var assigned = ThemesQuery.Assign(snapshot, kept?.Fit);
        lock (_themeFitLock)
            if (_themeFit is not { } now || now.Generation <= snapshot.Generation) _themeFit = (assigned.Fit, snapshot.Generation);
        return (snapshot, assigned);
    }

    /// <summary>A review of <paramref name="from"/> to <paramref name="to"/> (<see cref="ReviewQuery.Review"/>), on the journal's themes.</summary>
    /// <exception cref="ArgumentException">When <paramref name="to"/> is before <paramref name="from"/>.</exception>
    public JournalReview Review(DateOnly from, DateOnly to)
    {
        var (snapshot, assigned) = ThemesNow();
        return ReviewQuery.Review(snapshot, assigned, from, to);
    }

    /// <inheritdoc cref="SimilarDaysQuery.Similar"/>
    public IReadOnlyList<SearchResult> Similar(SimilarQuery query) => SimilarDaysQuery.Similar(Snapshot(), query);

    /// <inheritdoc cref="SimilarDaysQuery.RelatedCount"/>
    public int RelatedCount(SimilarQuery query) => SimilarDaysQuery.RelatedCount(Snapshot(), query);

    /// <summary>Loads the snapshot into memory and ranks once, so the first request after a start is quick (<see cref="EntryQueries.Warm"/>).</summary>
    public int Warm() => EntryQueries.Warm(Snapshot());

    /// <summary>
    /// Reads the full-text index's vocabulary into memory for BM25's word counts (<see cref="IndexReader.LoadVocabulary"/>;
    /// the postings for "more like this" follow in the background once the index is quiet); returns the stems read.
    /// </summary>
    public int LoadVocabulary() => _reader.LoadVocabulary();

    /// <summary>
    /// Reads the vocabulary and the postings "more like this" scores from into memory now (<see cref="IndexReader.LoadPostings"/>),
    /// where <see cref="LoadVocabulary"/> leaves the postings to the background; returns the stems read. For a batch
    /// (evaluation, benchmark) that should score from memory from its first query.
    /// </summary>
    public int LoadPostings() => _reader.LoadPostings();

    /// <summary>
    /// Writes the corpus file beside the index now (done anyway a quiet minute after each write), so that the next
    /// process to load the corpus reads one file instead of the tables; returns whether it wrote (not when the file is
    /// current, nothing is indexed, or it cannot be written). See <see cref="Storage.CorpusFile"/>.
    /// </summary>
    public bool SaveCorpus() => _reader.SaveCorpus();

    /// <inheritdoc cref="EntryQueries.OnThisDay"/>
    public IReadOnlyList<SearchResult> OnThisDay(DateOnly date, int top = 10) => EntryQueries.OnThisDay(Snapshot(), date, top);

    /// <inheritdoc cref="EntryQueries.EntryOn"/>
    public SearchResult? EntryOn(DateOnly date) => EntryQueries.EntryOn(Snapshot(), date);

    /// <inheritdoc />
    public void Dispose()
    {
        _indexer.Dispose(); // waits for a running write
        _reader.Dispose();
        bool freeHere;
        lock (_loadingGate)
        {
            _disposed = true;
            freeHere = _loading is null || _loadEnded;
        }
        // A load still running frees the model itself when it ends (LoadModelSoon), counted as native work.
        if (freeHere) FreeModel();
    }

    // The model, where this engine made it (one given in the options belongs to the caller).
    private void FreeModel()
    {
        if (_options.Embedder is null && _embedder.IsValueCreated) _embedder.Value.Dispose();
    }
}
