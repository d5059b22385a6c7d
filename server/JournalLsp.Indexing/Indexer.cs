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
/// The index's single writer: it owns the one write connection (<see cref="IndexWriteStore"/>) and every write:
/// indexing runs, one-file updates, removals, the seen-log and deleting the index. Runs, updates and removals go one
/// at a time (a gate); the seen-log's small writes are serialised with them on the connection's lock;
/// each commit is recorded in the <see cref="CommitLog"/>, which tells readers their snapshot is stale. After
/// <see cref="Close"/> the next write opens a fresh, empty index and records it as replaced.
/// </summary>
internal sealed class Indexer : IDisposable
{
    // Files are embedded and committed in groups of about this many chunks and windows (about 400 passages of the
    // diary, a few seconds of embedding): progress and crash safety at a fair grain, and enough passages for fp32's
    // length-sorted batches to pad little.
    private const int ChunksPerCommit = 2048;

    private readonly JournalEngineOptions _options;
    private readonly Lazy<ITextEmbedder> _embedder;
    private readonly SeenLog _seen;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly object _storeLock = new();
    private IndexWriteStore? _store; // null after DeleteIndex until the next write; one call at a time under _storeLock
    private EntryChunker? _chunker;
    private volatile JournalFilter _filter;
    private volatile string _privateFlag = JournalParser.DefaultPrivateFlag;
    private TemplateLines _templates; // as of the last indexing run; one-file updates chunk with it
    private volatile JournalLayout _layout; // as of the last indexing run; one-file updates parse with it
    private string _layoutProblems = ""; // the layout's problems last said in a summary

    // Repairs not yet reported: each goes out once, with the next run's summary.
    private readonly List<string> _notices = [];

    public Indexer(JournalEngineOptions options, IndexWriteStore store, Lazy<ITextEmbedder> embedder, SeenLog seen, CommitLog log)
    {
        Log = log;
        log.ExternalProbe = ProbeExternal;
        _options = options;
        _store = store;
        _embedder = embedder;
        _seen = seen;
        _filter = options.Filter;
        JournalFolder = Path.GetFullPath(options.JournalFolder);
        IndexPath = store.Path;
        if (store.Notice is { } notice) _notices.Add(notice);
        seen.Load(store.Seen());
        _templates = TemplateLinesOf(store);
        _layout = JournalLayouts.Read(JournalFolder);
    }

    /// <summary>What the journal folder said of itself at the last indexing run (daily-note patterns, a Logseq graph, the time zone).</summary>
    public JournalLayout Layout => _layout;

    // The template lines the index was chunked with, one per line in the meta table.
    public static TemplateLines TemplateLinesOf(SqliteStore store) =>
        store.GetMeta(TemplateLinesKey) is { } lines ? TemplateLines.Of(lines.Split('\n')) : TemplateLines.None;

    private const string TemplateLinesKey = "template_lines";

    private const string WindowsKey = "windows";

    // The size limit (JournalEngineOptions.MaxFileBytes) the index's files were taken or skipped by.
    private const string MaxFileBytesKey = "max_file_bytes";

    // "pending" from a rebuild's start until the run's last meta is written: a rebuild cut short, even after its last
    // file's commit (its template lines not yet written), is done again whole by the next run.
    private const string RebuildKey = "rebuild";

    // The journal layout (JournalLayout.Fingerprint) the index's files were parsed with.
    private const string LayoutKey = "layout";

    // Late chunking (window vectors pooled from their passages' token states) needs a mean-pooled model; a [CLS]-pooled
    // one embeds windows on their own, so their keys and version stay as they were.
    private bool LateChunked => _options.Model.Pooling == Pooling.Mean;

    private string WindowsVersion => _options.Windows is { } windows ? windows.Version + (LateChunked ? "/late" : "") : "none";

    public string JournalFolder { get; }

    public string IndexPath { get; }

    /// <summary>Where this writer's commits are recorded for readers.</summary>
    public CommitLog Log { get; }

    private long _otherWrites; // IndexWriteStore.OtherWriters().Any as of the last seen-log load; under _storeLock

    // Other writers' content commits, as the write connection sees them (its own commits never count). A seen-log
    // write of another server only reloads the seen-log, not the snapshot. A busy writer (a commit under way) is not
    // waited for: the log keeps the last value read.
    private long? ProbeExternal()
    {
        if (!Monitor.TryEnter(_storeLock)) return null;
        try
        {
            if (_store is null) return null;
            var (content, any) = _store.OtherWriters();
            if (any != _otherWrites)
            {
                _otherWrites = any;
                _seen.Load(_store.Seen());
            }
            return content;
        }
        finally
        {
            Monitor.Exit(_storeLock);
        }
    }

    public JournalFilter Filter
    {
        get => _filter;
        set => _filter = value ?? JournalFilter.All;
    }

    public string PrivateFlag
    {
        get => _privateFlag;
        set => _privateFlag = string.IsNullOrWhiteSpace(value) ? JournalParser.DefaultPrivateFlag : value.Trim();
    }

    /// <summary>
    /// Brings the index in line with the folder; see <see cref="JournalEngine.Index"/>. The totals come from
    /// <paramref name="status"/>, read before the next write can start.
    /// </summary>
    public IndexSummary Index(IProgress<IndexProgress>? progress, bool rebuild, Func<IndexStatus> status, CancellationToken cancellationToken)
    {
        _writeGate.Wait(cancellationToken);
        try
        {
            (int, long, int, int, double, int) run;
            // Damage a query met (IndexReader) is mended here, the same way as damage this run meets.
            if (Log.TakeDamage() is { } damage) MoveAside(damage);
            try
            {
                run = IndexLocked(progress, rebuild, cancellationToken);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == SqliteStore.Corrupt)
            {
                // A page went bad where opening did not look: move the file aside and index the journal again, once.
                MoveAside("SQLite found it malformed while indexing");
                run = IndexLocked(progress, rebuild, cancellationToken);
            }
            var (embedded, tokens, changed, removed, seconds, read) = run;
            var s = status();
            List<string> notices;
            lock (_notices)
            {
                notices = [.. _notices];
                _notices.Clear();
            }
            return new IndexSummary(s.Files, s.Entries, s.Chunks, embedded, Math.Max(0, s.Chunks + s.Windows - embedded), tokens, changed, removed,
                s.Skipped, s.Warnings, seconds, s.TemplateLines, s.Windows) { Notices = notices, FilesRead = read };
        }
        finally
        {
            _writeGate.Release();
        }
    }

    // Moves the damaged index aside and opens a fresh one in its place (IndexWriteStore.OpenAfterDamage), said in the
    // next summary's notices; the readers reopen it (CommitLog.Replaced). Under the write gate.
    private void MoveAside(string damage)
    {
        lock (_storeLock)
        {
            _store?.Dispose();
            _store = null; // if opening again fails, the next write tries again rather than use a closed store
            _store = IndexWriteStore.OpenAfterDamage(IndexPath, damage);
            lock (_notices) _notices.Add(_store.Notice!);
            _seen.Clear();
            Log.Replaced();
        }
    }

    private (int Embedded, long Tokens, int Changed, int Removed, double Seconds, int Read) IndexLocked(
        IProgress<IndexProgress>? progress, bool rebuild, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var checkedAt = DateTime.UtcNow.Ticks; // before any stat or read: FileStamp.CanVouch
        var layout = JournalLayouts.Read(JournalFolder);
        var paths = JournalFiles.Enumerate(JournalFolder, _filter).Where(p => !layout.Ignores(p)).ToList();
        var known = Store(s => s.Files());
        var stamps = paths.ToDictionary(p => p, p => JournalFiles.Stamp(JournalFolder, p), StringComparer.Ordinal);

        // An index made with another model (given by path): start from empty, so no snapshot ever ranks the new
        // model's query against the old model's vectors while the journal is embedded again.
        if (Store(s => s.GetMeta("model_id")) is { } made && made != _options.Model.VectorId)
        {
            lock (_notices) _notices.Add($"The index was built with the model {made}; every entry is embedded again with {_options.Model.VectorId}.");
            Store(s =>
            {
                s.DeleteAllFiles();
                s.Checkpoint();
            });
            known.Clear();
            Log.Committed(null);
        }
        // An index made before sentence windows, or with other ones: every entry is cut again.
        if ((Store(s => s.GetMeta(WindowsKey)) ?? "") != WindowsVersion) rebuild = true;
        // A daily-note pattern set or changed dates unchanged files differently: parse every file again.
        if ((Store(s => s.GetMeta(LayoutKey)) ?? "") != layout.Fingerprint) rebuild = true;
        // Another size limit takes or skips files by size, which no stamp records: read every file again.
        var sizeLimit = _options.MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var limitChanged = (Store(s => s.GetMeta(MaxFileBytesKey)) ?? "") != sizeLimit;
        if (Store(s => s.GetMeta(RebuildKey)) == "pending") rebuild = true;
        // Said once, with the next summary, and again only when they change.
        if (string.Join('\n', layout.Problems) is var problems && problems != _layoutProblems)
        {
            lock (_notices) _notices.AddRange(layout.Problems);
            _layoutProblems = problems;
        }
        _layout = layout;

        // Stat first, as git's index does: when every file's stamp is the one recorded when it was last read and no
        // file came or went, nothing is read (the diary's 3,413 files: 0.45 s of reading, hashing and finding the
        // template, docs/benchmarks.md). Otherwise every file is read: the template lines are counted over all of them.
        var readAll = rebuild || limitChanged || paths.Count != known.Count
            || paths.Any(p => !known.TryGetValue(p, out var stored) || FileStamp.MustRead(stored.Stamp, stamps[p]));
        var files = new List<JournalFile>(readAll ? paths.Count : 0);
        // One thread: read and hashed on both cores, a warm re-run of the diary's 3,413 files was no faster (0.73-0.84 s
        // against 0.71-0.75 s for the whole run, CLI, the same hour).
        if (readAll)
            foreach (var path in paths)
            {
                cancellationToken.ThrowIfCancellationRequested();
                files.Add(JournalFiles.Read(JournalFolder, path, _options.MaxFileBytes));
            }
        // A new template (a line that became common, or stopped being) changes the chunks of unchanged files too: chunk
        // every file again; only chunks whose text changed are embedded.
        // Private files do not count: a line they share must not reach the index (the template is stored and shown).
        var privateFlag = _privateFlag;
        var chunkedWith = Store(s => TemplateLinesOf(s));
        var templates = readAll
            ? TemplateLines.Find(files.Where(f => f.Text is not null && JournalFormats.Of(f.RelativePath) is { } format && !format.IsPrivate(f.Text, privateFlag)).Select(f => f.Text!))
            : chunkedWith;
        // Against what the index was last chunked with (not this process's memory: a cancelled run wrote no meta). Unread,
        // the files kept the template they were chunked with: no fingerprint to compare (the two SHA-256 fingerprints, a
        // process's first hashing, took 11 ms of the diary's warm run, 2026-12-06).
        if (readAll && templates.Fingerprint != chunkedWith.Fingerprint) rebuild = true;
        _templates = templates;
        var changed = files.Where(f => rebuild || !known.TryGetValue(f.RelativePath, out var stored) || stored.Hash != f.Hash).ToList();
        string? StampOf(JournalFile file) => Vouching(file, stamps[file.RelativePath], checkedAt);
        // A rebuild cut short must be taken up again by the next run: until each file is committed anew, no stamp of the
        // old chunking vouches for it, and the meta says a rebuild is pending until the run's end.
        if (rebuild)
            Store(s =>
            {
                s.ClearStamps();
                s.SetMeta(RebuildKey, "pending");
            });
        // Read and found unchanged: their stamps vouch for them from now on (or stop vouching, when read too soon after a write).
        var restamped = files.Where(f => known.TryGetValue(f.RelativePath, out var stored) && stored.Hash == f.Hash && !rebuild && stored.Stamp != StampOf(f))
            .Select(f => (f.RelativePath, StampOf(f))).ToList();
        Store(s => s.SetStamps(restamped));
        var seen = paths.ToHashSet(StringComparer.Ordinal);
        var removed = known.Keys.Where(p => !seen.Contains(p)).ToList();
        if (removed.Count > 0)
        {
            Store(s => s.DeleteFiles(removed));
            // Named at once, as committed: the group commits below name only their own files, and a snapshot updated
            // from them would keep the removed files' entries (for good, if this run were then cancelled).
            Log.Committed(removed);
        }
        foreach (var path in removed) _seen.Forget(path);

        // Parsing and chunking are cheap next to embedding: do them first so progress can count entries.
        // Parsing and chunking run on every core: serial, they and the reading above were about 10 s of the diary's 69 s
        // cold index, with the model waiting (benchmarks.md). The chunkers are made once, before the threads share
        // them, and only with work to do: a chunker loads the model (0.5 s).
        if (changed.Count > 0) MakeChunkers();
        var rows = changed.Count == 0 ? [] : changed.AsParallel().AsOrdered().WithDegreeOfParallelism(Threads).WithCancellation(cancellationToken)
            .Select(f => Prepare(f) with { Stamp = StampOf(f) }).ToList();
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
            groupChunks += row.Entries.Sum(e => e.Chunks.Count + e.Windows.Count);
            if (groupChunks >= ChunksPerCommit) Flush();
        }
        if (group.Count > 0) Flush();

        var now = _options.Clock.GetUtcNow();
        Store(s =>
        {
            if (changed.Count > 0 || removed.Count > 0)
            {
                s.CollectGarbage();
                s.Checkpoint(); // replaced and removed text leaves the WAL too (IndexWriteStore: private stays private)
            }
            s.SetMetas([("journal_folder", JournalFolder), ("model_id", _options.Model.VectorId), (TemplateLinesKey, string.Join('\n', templates.Lines)),
                (WindowsKey, WindowsVersion), (LayoutKey, layout.Fingerprint), (MaxFileBytesKey, sizeLimit), (RebuildKey, ""), ("last_indexed_at", now.ToString("O"))]);
        });
        // Only commits that changed the corpus make snapshots stale (the removals above, each group's commit): a warm run
        // leaves the snapshot as it is.
        return (embedded, tokens, changed.Count, removed.Count, clock.Elapsed.TotalSeconds, files.Count);
    }

    // The stamp to record for a file read after checkedAt: none for one that could not be read (what fixes it need not
    // change its stat), else FileStamp.Recorded's.
    private static string? Vouching(JournalFile file, FileStamp? stamp, long checkedAt) =>
        file.Hash == JournalFiles.UnreadableHash ? null : FileStamp.Recorded(stamp, checkedAt);

    /// <summary>Re-indexes one file from <paramref name="text"/> or disk; see <see cref="JournalEngine.UpdateFile"/>.</summary>
    public FileUpdate UpdateFile(string relative, string? text, CancellationToken cancellationToken)
    {
        _writeGate.Wait(cancellationToken);
        try
        {
            var full = Path.Combine(JournalFolder, relative);
            var checkedAt = DateTime.UtcNow.Ticks;
            if (!_filter.Matches(relative) || (text is null && !File.Exists(full))) return RemoveLocked(relative);
            // Read from disk, its stamp (taken first, as the indexing run takes it) vouches for it; an editor's text
            // may not be what the disk holds, so it vouches for nothing.
            var stamp = text is null ? JournalFiles.Stamp(JournalFolder, relative) : null;
            var file = text is null
                ? JournalFiles.Read(JournalFolder, relative, _options.MaxFileBytes)
                : JournalFiles.FromText(relative, text, _options.MaxFileBytes);
            var recorded = Vouching(file, stamp, checkedAt);
            // One row, not the whole files table: this runs after every pause in typing.
            if (Store(s => s.FileHash(relative)) == file.Hash)
            {
                if (text is null) Store(s => s.SetStamps([(relative, recorded)])); // touched, not changed: vouched for again
                return new FileUpdate(relative, FileUpdateKind.Unchanged, 0, file.SkipReason);
            }
            var row = Prepare(file) with { Stamp = recorded };
            var old = Store(s => s.KeysOf(relative));
            var (embedded, _) = EmbedAndCommit([row], new Stopwatch(), cancellationToken);
            Store(s =>
            {
                s.CollectGarbage(old);
                s.Checkpoint();
            });
            return new FileUpdate(relative, FileUpdateKind.Indexed, embedded, row.SkipReason);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Removes one file from the index (it was deleted).</summary>
    public FileUpdate RemoveFile(string relative)
    {
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
            var old = s.KeysOf(relative);
            s.DeleteFiles([relative]);
            s.CollectGarbage(old);
            s.Checkpoint();
        });
        _seen.Forget(relative);
        Log.Committed([relative]);
        return new FileUpdate(relative, FileUpdateKind.Removed, 0, null);
    }

    /// <summary>
    /// Records that the entries were opened in an editor at <paramref name="now"/>, on disk and in the seen-log. A
    /// deleted index stays deleted: nothing is written then, and 0 is returned.
    /// </summary>
    public int MarkSeen(IReadOnlyCollection<EntryKey> keys, DateTimeOffset now)
    {
        if (keys.Count == 0) return 0;
        lock (_storeLock)
        {
            if (_store is null) return 0;
            _store.MarkSeen(keys, now);
        }
        _seen.Record(keys, now);
        return keys.Count;
    }

    /// <summary>
    /// Closes the write connection (waiting for a running write to end) and runs <paramref name="delete"/> while no
    /// write can start; the next write opens a fresh index.
    /// </summary>
    public T Close<T>(Func<T> delete)
    {
        _writeGate.Wait();
        try
        {
            lock (_storeLock)
            {
                _store?.Dispose();
                _store = null;
                _seen.Clear();
                Log.Committed(null);
                return delete();
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private FileRow Prepare(JournalFile file)
    {
        if (file.Text is null)
            return new FileRow(file.RelativePath, file.Hash, file.SizeBytes, file.SkipReason, file.Warnings, []);
        try
        {
            if (JournalFormats.Of(file.RelativePath) is not { } format)
                return new FileRow(file.RelativePath, file.Hash, file.SizeBytes, "not in a journal format this version reads", [], []);
            var parsed = format.Parse(file.RelativePath, file.Text, _privateFlag, _layout);
            var warnings = file.Warnings.Concat(parsed.Warnings).ToList();
            // No warnings either: a front-matter warning quotes the file's own text.
            if (parsed.IsPrivate)
                return new FileRow(file.RelativePath, file.Hash, file.SizeBytes, "marked private in front matter", [], []);
            var templates = _templates;
            // Template lines are blanked before chunking (line numbers stay the file's); an entry of nothing else has
            // no indexed text, like an empty one. An entry that fits in one window has no windows: its passage is one.
            List<ChunkRow> Rows(EntryChunker chunker, JournalEntry entry, string context = "") => chunker.Chunk(entry)
                .Where(c => !string.IsNullOrWhiteSpace(c.Text))
                .Select(c => new ChunkRow(c.Ordinal, c.StartLine, c.EndLine, c.TokenCount, c.Text, KeyOf(c.Text, chunker.Options, context))).ToList();
            var entries = parsed.Entries.Select(e => e with { Body = templates.Strip(e.Body) }).Select(entry =>
            {
                var passages = Rows(Chunker, entry);
                var context = LateChunked ? string.Concat(passages.Select(p => Convert.ToHexString(p.EmbeddingKey) + "\n")) : "";
                var windows = WindowChunker is { } w ? Rows(w, entry, context) : [];
                return new EntryRow(entry.Date, entry.StartLine, entry.EndLine, entry.Heading, passages, windows.Count > 1 ? windows : []);
            }).ToList();
            return new FileRow(file.RelativePath, file.Hash, file.SizeBytes, null, warnings, entries);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A parser bug on one odd file must not stop the journal from being indexed.
            return new FileRow(file.RelativePath, file.Hash, file.SizeBytes, $"could not be parsed: {e.Message}", file.Warnings, []);
        }
    }

    // Threads for reading and chunking: as many as embedding uses (JournalEngineOptions.Threads), or every core.
    private int Threads => Math.Max(1, _options.Threads ?? Environment.ProcessorCount);

    private void MakeChunkers()
    {
        _ = Chunker;
        _ = WindowChunker;
    }

    private EntryChunker Chunker => _chunker ??= new EntryChunker(_embedder.Value.CountTokens, _options.Chunker);

    private EntryChunker? WindowChunker => _options.Windows is { } windows
        ? _windowChunker ??= new EntryChunker(_embedder.Value.CountTokens, windows)
        : null;

    private EntryChunker? _windowChunker;

    private (int Embedded, long Tokens) EmbedAndCommit(List<FileRow> files, Stopwatch embedClock, CancellationToken cancellationToken)
    {
        var entries = files.SelectMany(f => f.Entries).ToList();
        var rows = new Dictionary<byte[], ChunkRow>(ByteArrayComparer.Instance);
        foreach (var chunk in entries.SelectMany(e => e.Chunks.Concat(e.Windows)))
            rows.TryAdd(chunk.EmbeddingKey, chunk);
        var missing = Store(s => s.MissingEmbeddings(rows.Keys, VectorCodec.Size(_options.Model.Dimensions))).ToHashSet(ByteArrayComparer.Instance);
        var vectors = new Dictionary<byte[], float[]>(ByteArrayComparer.Instance);
        long tokens = 0;
        // The chunker already counted each chunk's tokens; +2 for [CLS] and [SEP].
        long TokensOf(IEnumerable<ChunkRow> run) => run.Sum(c => (long)Math.Min(c.TokenCount + 2, _options.Model.MaxTokens));

        embedClock.Start();
        // An entry with a window to embed runs its passages once for both (late chunking): the windows cost no run. The
        // same text twice (a copied entry) is run once: a window's key holds all its entry's passage keys, so entries
        // whose first windows share a key are the same text.
        var late = entries.Where(e => e.Windows.Any(w => missing.Contains(w.EmbeddingKey)))
            .DistinctBy(e => e.Windows[0].EmbeddingKey, ByteArrayComparer.Instance).ToList();
        if (late.Count > 0)
        {
            var embedded = _embedder.Value.EmbedWithWindows(
                late.Select(e => ((IReadOnlyList<string>)e.Chunks.Select(c => c.Text).ToList(), (IReadOnlyList<string>)e.Windows.Select(w => w.Text).ToList())).ToList(),
                cancellationToken);
            foreach (var (entry, (passages, windows)) in late.Zip(embedded))
            {
                foreach (var (chunk, vector) in entry.Chunks.Zip(passages).Concat(entry.Windows.Zip(windows)))
                    if (missing.Contains(chunk.EmbeddingKey)) vectors.TryAdd(chunk.EmbeddingKey, vector);
                tokens += TokensOf(entry.Chunks);
            }
        }
        var rest = missing.Where(k => !vectors.ContainsKey(k)).Select(k => rows[k]).ToList();
        if (rest.Count > 0)
        {
            foreach (var (chunk, vector) in rest.Zip(_embedder.Value.Embed(rest.Select(c => c.Text).ToList(), cancellationToken)))
                vectors[chunk.EmbeddingKey] = vector;
            tokens += TokensOf(rest);
        }
        embedClock.Stop();
        cancellationToken.ThrowIfCancellationRequested();

        var now = _options.Clock.GetUtcNow();
        Store(s => s.Commit(vectors.Select(kv => (kv.Key, kv.Value)), files, now));
        foreach (var file in files.Where(f => f.SkipReason is not null)) _seen.Forget(file.Path); // as the store did
        Log.Committed(files.Select(f => f.Path).ToList());
        return (vectors.Count, tokens);
    }

    // The vector cache key: SHA-256 over the model's vector id, chunker version and text, so a change to either
    // re-embeds. A late-chunked window's vector is pooled from its entry's passages, so their keys are part of its own:
    // an edit anywhere in the entry pools its windows again.
    private byte[] KeyOf(string text, ChunkerOptions chunker, string context = "") =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{_options.Model.VectorId}\n{chunker.Version}\n{context}{text}"));

    private T Store<T>(Func<IndexWriteStore, T> action)
    {
        lock (_storeLock) return action(OpenedStore());
    }

    private void Store(Action<IndexWriteStore> action)
    {
        lock (_storeLock) action(OpenedStore());
    }

    // The writer, opened again (an empty index) by the first write after DeleteIndex. Under _storeLock.
    private IndexWriteStore OpenedStore()
    {
        if (_store is not null) return _store;
        _store = IndexWriteStore.Open(IndexPath);
        if (_store.Notice is { } notice) lock (_notices) _notices.Add(notice);
        Log.Replaced();
        return _store;
    }

    public void Dispose()
    {
        _writeGate.Wait();
        lock (_storeLock) _store?.Dispose();
    }
}
