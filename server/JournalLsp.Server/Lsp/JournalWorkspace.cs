using System.Collections.Concurrent;
using JournalLsp.Core.Journal;
using JournalLsp.Core.Search;
using JournalLsp.Indexing;
using JournalLsp.Indexing.Embeddings;
using JournalLsp.Server.Documents;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Lsp;

/// <summary>A document's entries as the editor holds them now (unsaved edits included).</summary>
/// <param name="Uri">The document's URI, as the client sent it.</param>
/// <param name="RelativePath">The file relative to the journal folder, '/'-separated.</param>
/// <param name="Text">The text.</param>
/// <param name="Entries">Its entries, parsed from <paramref name="Text"/>.</param>
internal sealed record DocumentEntries(string Uri, string RelativePath, string Text, IReadOnlyList<JournalEntry> Entries)
{
    /// <summary>The stable key of one of this document's entries (what the index knows it by).</summary>
    public EntryKey KeyOf(JournalEntry entry) => EntryKey.Of(RelativePath, entry.Date, entry.Heading);

    /// <summary>The entry holding <paramref name="line"/>: the last one starting at or before it, or null past the end.</summary>
    public JournalEntry? At(int line)
    {
        if (line < 0 || Entries.Count == 0 || line > Entries[^1].EndLine && TextDocuments.LineAt(Text, line) is null) return null;
        return Entries.LastOrDefault(e => e.StartLine <= line) ?? Entries[0];
    }
}

/// <summary>
/// The journal workspace: the engine for the workspace folder, the open documents, the settings, and the background
/// work that keeps the index fresh (the first indexing run, re-indexing after a pause in typing, watched files).
/// Handlers ask it for engine calls; engine queries run on the thread pool and never wait for indexing.
/// </summary>
internal sealed class JournalWorkspace : IDisposable
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _pendingUpdates = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<string, ParsedText> _parsed = new(StringComparer.Ordinal);
    // One engine write at a time (indexing runs and one-file updates), waited for asynchronously: a pool thread never
    // blocks on the engine's own write gate while a run of minutes holds it (that starved the pool, see IndexAsync).
    private readonly SemaphoreSlim _writer = new(1, 1);
    private volatile IndexProgressReporter? _progress;
    private int _activeRuns;
    // 1 from initialize until the first indexing run ends: status says "indexing" in that gap too, so a client that
    // polls until indexing stops does not stop before the run that initialized starts.
    private int _firstRunPending = 1;
    // After journal.deleteIndex nothing is written again (no runs, no buffer updates) until journal.reindex.
    private volatile bool _paused;
    private CancellationTokenSource? _runCancellation; // the running run's, to cancel it from DeleteIndexAsync
    private volatile ServerSettings _settings;
    private volatile Task _warmed = Task.CompletedTask;
    private int _queries; // engine calls under way (RetireAsync waits for them)
    private int _firstRunStarted;

    /// <param name="engine">The engine for the journal folder, which the workspace disposes.</param>
    /// <param name="settings">The settings now.</param>
    /// <param name="client">Where logs, progress and messages go.</param>
    /// <param name="documents">The editor's open buffers so far (kept while the folder was not served), or null for none.</param>
    public JournalWorkspace(JournalEngine engine, ServerSettings settings, LspClient client, TextDocuments? documents = null)
    {
        Engine = engine;
        Documents = documents ?? new TextDocuments();
        _settings = settings;
        Client = client;
        engine.Filter = new JournalFilter(settings.Include, settings.Exclude);
        engine.PrivateFlag = settings.PrivateFlag;
    }

    public JournalEngine Engine { get; }

    public LspClient Client { get; }

    public TextDocuments Documents { get; }

    public ServerSettings Settings => _settings;

    public string Folder => Engine.JournalFolder;

    /// <summary>Why this folder is served as a journal, in plain words (for <c>journal/status</c>).</summary>
    public string Reason { get; init; } = "";

    /// <summary>True while an indexing run is under way, and before the first one has ended.</summary>
    public bool Indexing => Volatile.Read(ref _activeRuns) > 0 || Volatile.Read(ref _firstRunPending) == 1;

    /// <summary>The running indexing run's last progress report, or null.</summary>
    public IndexProgress? Progress => _progress?.Last;

    /// <summary>
    /// The days that read most like <paramref name="entry"/> of <paramref name="document"/>, found in the index by its
    /// key, with the neighbour window and forgotten-entry weight from the settings.
    /// </summary>
    /// <exception cref="JournalException">When the entry is not indexed (yet).</exception>
    public Task<IReadOnlyList<SearchResult>> RelatedDaysAsync(DocumentEntries document, JournalEntry entry, int top, CancellationToken cancellationToken)
    {
        // The key finds the entry whatever moved above it; the path and line are the fallback for a key being typed.
        var query = SimilarQuery(top) with { Entry = document.KeyOf(entry), Path = document.RelativePath, Line = entry.StartLine };
        return QueryAsync(e => e.Similar(query), cancellationToken);
    }

    /// <summary>How many related days the entry named <paramref name="key"/> has (<see cref="JournalEngine.RelatedCount"/>; for lenses).</summary>
    /// <exception cref="JournalException">When the entry is not indexed (yet).</exception>
    public Task<int> RelatedDaysCountAsync(EntryKey key, CancellationToken cancellationToken)
    {
        var query = SimilarQuery(Settings.Results) with { Entry = key };
        return QueryAsync(e => e.RelatedCount(query), cancellationToken);
    }

    /// <summary>The days that read most like the entry on <paramref name="date"/>.</summary>
    /// <exception cref="JournalException">When no entry on that day is indexed.</exception>
    public Task<IReadOnlyList<SearchResult>> RelatedDaysAsync(DateOnly date, int top, CancellationToken cancellationToken)
    {
        var query = SimilarQuery(top) with { Date = date };
        return QueryAsync(e => e.Similar(query), cancellationToken);
    }

    /// <summary>The days that read most like the entry holding <paramref name="line"/> of the document at <paramref name="uri"/>.</summary>
    /// <exception cref="InvalidParamsException">When the URI is not a file.</exception>
    /// <exception cref="JournalException">When the file is not a journal file, or the entry is not indexed (yet).</exception>
    public Task<IReadOnlyList<SearchResult>> RelatedDaysAtAsync(string uri, int line, int top, CancellationToken cancellationToken)
    {
        var path = Conversions.ToPath(uri) ?? throw new InvalidParamsException($"not a file URI: {uri}");
        if (EntriesOf(uri) is { } document && document.At(line) is { } entry) return RelatedDaysAsync(document, entry, top, cancellationToken);
        // No entry there in the buffer (past its end, or unreadable): the index's entry holding the line.
        var query = SimilarQuery(top) with { Path = path, Line = line };
        return QueryAsync(e => e.Similar(query), cancellationToken);
    }

    /// <summary>Asks the journal a question; <paramref name="top"/> defaults to the <c>results</c> setting.</summary>
    /// <exception cref="InvalidQueryException">When the question is empty and no day is given, or too long.</exception>
    public Task<IReadOnlyList<SearchResult>> AskAsync(string? question, DateOnly? from, DateOnly? to, int? top, CancellationToken cancellationToken)
    {
        var options = new AskOptions(Math.Clamp(top ?? Settings.Results, 1, 100), from, to);
        return QueryAsync(e => e.Ask(question ?? "", options), cancellationToken);
    }

    /// <summary>How <see cref="AskAsync"/> would read <paramref name="question"/> (<see cref="JournalEngine.Understand"/>).</summary>
    /// <exception cref="InvalidQueryException">When the question is too long.</exception>
    public Task<(ParsedQuestion Question, DateRange? Range)> UnderstandAsync(string? question, DateOnly? from, DateOnly? to, CancellationToken cancellationToken) =>
        QueryAsync(e => e.Understand(question ?? "", new AskOptions(From: from, To: to)), cancellationToken);

    private SimilarQuery SimilarQuery(int top)
    {
        var s = Settings;
        return new SimilarQuery(Top: Math.Clamp(top, 1, 100), NeighbourDays: s.NeighbourDays, ForgottenWeight: s.ForgottenWeight);
    }

    /// <summary>
    /// Records that a document's entries were seen (it stayed open), through the writer like every other write; a
    /// deleted index records nothing. Failures are logged.
    /// </summary>
    public void MarkSeen(string uri)
    {
        if (_paused || Conversions.ToPath(uri) is not { } path) return;
        _ = Task.Run(() => Engine.MarkSeen(path), _shutdown.Token).ContinueWith(t =>
        {
            if (t.Exception is { } e) Client.Log(MessageType.Error, $"could not record {uri} as seen: {e.InnerException?.Message}");
        }, TaskScheduler.Default);
    }

    /// <summary>Entries from earlier years on the month and day of <paramref name="date"/>, newest first.</summary>
    public Task<IReadOnlyList<SearchResult>> OnThisDayAsync(DateOnly date, int top, CancellationToken cancellationToken) =>
        QueryAsync(e => e.OnThisDay(date, top), cancellationToken);

    /// <summary>For each of <paramref name="dates"/>, the earlier years' entries on that month and day (for lenses).</summary>
    public Task<Dictionary<DateOnly, IReadOnlyList<SearchResult>>> OnThisDayAsync(IReadOnlyCollection<DateOnly> dates, int top, CancellationToken cancellationToken) =>
        QueryAsync(e => dates.ToDictionary(d => d, d => e.OnThisDay(d, top)), cancellationToken);

    /// <summary>The first entry on <paramref name="date"/> with the start of its text, or null.</summary>
    public Task<SearchResult?> EntryOnAsync(DateOnly date, CancellationToken cancellationToken) =>
        QueryAsync(e => e.EntryOn(date), cancellationToken);

    /// <summary>Entries and the days matching <paramref name="query"/> per month or week (<see cref="JournalEngine.Timeline"/>).</summary>
    /// <exception cref="InvalidQueryException">When the query is too long.</exception>
    public Task<JournalTimeline> TimelineAsync(string? query, TimelineBy by, DateOnly? from, DateOnly? to, CancellationToken cancellationToken) =>
        QueryAsync(e => e.Timeline(query, by, from, to), cancellationToken);

    /// <summary>What the index holds now.</summary>
    public Task<IndexStatus> StatusAsync(CancellationToken cancellationToken) => QueryAsync(e => e.Status(), cancellationToken);

    /// <summary>Runs a read-only engine call on the thread pool.</summary>
    private Task<T> QueryAsync<T>(Func<JournalEngine, T> query, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            Interlocked.Increment(ref _queries);
            try
            {
                ObjectDisposedException.ThrowIf(_shutdown.IsCancellationRequested, this); // retired: no engine call starts
                return query(Engine);
            }
            finally
            {
                Interlocked.Decrement(ref _queries);
            }
        }, cancellationToken);

    /// <summary>
    /// Stops serving (the setting enabled turned false): cancels background work, lets the engine calls under way
    /// finish (an embedding must not lose its model mid-run), then disposes the engine. New queries are refused with
    /// <see cref="ObjectDisposedException"/>, which the route table answers with ContentModified.
    /// </summary>
    public async Task RetireAsync()
    {
        _shutdown.Cancel();
        // 30 s covers the longest query (an ask at 10^5 entries takes 0.15 s) and a run noticing its cancellation.
        for (var waited = 0; (Volatile.Read(ref _queries) > 0 || Volatile.Read(ref _activeRuns) > 0) && waited < 30_000; waited += 50)
            await Task.Delay(50);
        await _warmed.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // a load under way finishes first
        Engine.Dispose();
    }

    /// <summary>Starts the first indexing run, once: whichever of initialized and a settings change asks first.</summary>
    public void StartFirstRun()
    {
        if (Interlocked.Exchange(ref _firstRunStarted, 1) == 0) StartIndexing();
    }

    /// <summary>Brings the index in line with the buffers the editor had open before this workspace served the folder.</summary>
    public void ReopenDocuments()
    {
        foreach (var document in Documents.All) ScheduleUpdate(document.Uri, TimeSpan.Zero);
    }

    /// <summary>
    /// Loads the index into memory on the thread pool (<see cref="LoadIndex"/>) so the first hover does not pay for
    /// it, or takes over a load begun before the workspace existed; the first indexing run waits for this, so on 2
    /// cores the two do not fight over them. Failures are logged, and the requests then load what they need themselves.
    /// </summary>
    /// <param name="loading"><see cref="LoadIndex"/> of this workspace's <see cref="Engine"/>, already started; null to start one.</param>
    public void Warm(Task<(int Entries, long Ms)>? loading = null) => _warmed = Task.Run(async () =>
    {
        try
        {
            var (entries, ms) = loading is null ? LoadIndex(Engine) : await loading;
            Client.Log(MessageType.Info, $"index loaded: {entries:N0} entries in {ms:N0} ms");
        }
        catch (Exception e)
        {
            Client.Log(MessageType.Warning, $"loading the index failed: {e.Message}");
        }
    });

    /// <summary>
    /// Loads <paramref name="engine"/>'s index into memory and ranks once (<see cref="JournalEngine.Warm"/>): the
    /// entries loaded and how long it took (ms). Throws what the engine throws for an index it cannot read.
    /// </summary>
    public static (int Entries, long Ms) LoadIndex(JournalEngine engine)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var entries = engine.Warm();
        return (entries, clock.ElapsedMilliseconds);
    }

    /// <summary>
    /// Brings the whole index in line with the folder (or, with <paramref name="rebuild"/>, re-reads every file),
    /// reporting progress to the client, then re-applies unsaved editor buffers. One run at a time.
    /// </summary>
    public async Task<IndexSummary> IndexAsync(bool rebuild, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _activeRuns);
        await _warmed.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // Warm logs its own failure
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        try
        {
            await _writer.WaitAsync(linked.Token);
        }
        catch
        {
            Interlocked.Decrement(ref _activeRuns);
            throw;
        }
        IndexProgressReporter? progress = null;
        try
        {
            // Deleted while this run waited for the writer: it must not build the index again.
            if (_paused) throw new OperationCanceledException("the index was deleted; journal.reindex builds it again");
            Volatile.Write(ref _runCancellation, linked);
            progress = await Client.BeginIndexProgressAsync();
            _progress = progress;
            // A thread of its own, not the pool's: a run takes minutes, and on 2 cores the pool starts with 2 threads,
            // one of them blocked reading stdin. Holding the other starved every request until the pool grew
            // (journal/status up to 1.5-1.6 s in ResponsivenessTests, shutdown up to 5.9 s in eglot; now p99 < 12 ms).
            var summary = await Task.Factory.StartNew(() =>
            {
                var summary = rebuild ? Engine.Rebuild(progress, linked.Token) : Engine.Index(progress, linked.Token);
                AfterRun();
                return summary;
            }, linked.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            progress.End($"{summary.Entries:N0} entries indexed");
            Client.Log(MessageType.Info, $"indexed {summary.Entries:N0} entries in {summary.Files:N0} files ({summary.Embedded:N0} chunks and windows embedded, {summary.Reused:N0} reused) in {summary.Seconds:F1} s");
            foreach (var skipped in summary.Skipped) Client.Log(MessageType.Warning, $"skipped {skipped.Path}: {skipped.Reason}");
            foreach (var notice in summary.Notices) Client.Show(MessageType.Warning, notice);
            foreach (var doc in Documents.All) ScheduleUpdate(doc.Uri, TimeSpan.Zero);
            Client.RefreshCodeLenses(); // lenses drawn while the index was still filling now have answers
            return summary;
        }
        catch (OperationCanceledException)
        {
            progress?.End("cancelled");
            throw;
        }
        finally
        {
            _progress = null;
            Interlocked.CompareExchange(ref _runCancellation, null, linked);
            _writer.Release();
            Volatile.Write(ref _firstRunPending, 0);
            Interlocked.Decrement(ref _activeRuns);
        }
    }

    // After a run: the vocabulary as the run left it, for BM25 (JournalEngine.LoadVocabulary), and memory given back.
    // A run reads every file: the garbage it leaves kept the heap's pages committed, and the server at 146-149 MB while
    // only hovers came; one compacting collection and a trim of the C heap after it left 102-111 MB (118-130 MB through
    // 200 hovers, against 142-153), for one pause of 22 ms per run (20 of them the collection; Pepys, 2-core EPYC,
    // 2026-12-03). Neither is needed for the run's result: a failure is logged, and the run still ends as done.
    private void AfterRun()
    {
        try
        {
            Engine.LoadVocabulary();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            NativeHeap.Trim();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Client.Log(MessageType.Warning, $"after indexing: {e.Message}");
        }
    }

    /// <summary>Starts <see cref="IndexAsync"/> without waiting; failures are logged. Does nothing after <see cref="DeleteIndexAsync"/>.</summary>
    public void StartIndexing(bool rebuild = false)
    {
        if (_paused) return;
        _ = IndexAsync(rebuild, CancellationToken.None).ContinueWith(t =>
        {
            if (t.Exception is { } e) Client.Log(MessageType.Error, $"indexing failed: {e.InnerException?.Message}");
        }, TaskScheduler.Default);
    }

    /// <summary>
    /// Deletes everything stored for this journal (<see cref="JournalEngine.DeleteIndex"/>): a running indexing run and
    /// pending buffer updates are cancelled first, and nothing is indexed again until <see cref="Resume"/>
    /// (<c>journal.reindex</c>), so typing on does not quietly rebuild what was just deleted.
    /// </summary>
    /// <returns>The paths deleted.</returns>
    public async Task<IReadOnlyList<string>> DeleteIndexAsync(CancellationToken cancellationToken)
    {
        _paused = true;
        foreach (var source in _pendingUpdates.Values.Append(Volatile.Read(ref _runCancellation)))
        {
            try { source?.Cancel(); }
            catch (ObjectDisposedException) { } // it finished meanwhile
        }
        await _writer.WaitAsync(cancellationToken);
        try
        {
            var deleted = await Task.Run(Engine.DeleteIndex, CancellationToken.None);
            _parsed.Clear();
            Client.Log(MessageType.Info, $"deleted the index of {Folder} ({string.Join(", ", deleted)}); nothing is indexed until journal.reindex");
            Client.RefreshCodeLenses();
            return deleted;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Lets indexing and buffer updates run again after <see cref="DeleteIndexAsync"/>.</summary>
    public void Resume() => _paused = false;

    /// <summary>
    /// Re-indexes one document after <paramref name="delay"/> (a pause in typing): a newer call for the same document
    /// cancels the older one, so a burst of keystrokes costs one update. Open documents are indexed from their buffer.
    /// </summary>
    public void ScheduleUpdate(string uri, TimeSpan delay)
    {
        var path = Conversions.ToPath(uri);
        if (path is null || Engine.RelativePath(path) is null) return;
        if (_paused)
        {
            Client.Log(MessageType.Log, $"not re-indexing {Engine.RelativePath(path)}: the index was deleted (journal.reindex builds it again)");
            return;
        }
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
        if (_pendingUpdates.TryGetValue(uri, out var previous))
        {
            try { previous.Cancel(); }
            catch (ObjectDisposedException) { } // it finished meanwhile
        }
        _pendingUpdates[uri] = cts;
        _ = Task.Run(async () =>
        {
            try
            {
                if (delay > TimeSpan.Zero) await Task.Delay(delay, cts.Token);
                await _writer.WaitAsync(cts.Token);
                if (_paused) { _writer.Release(); return; }
                FileUpdate update;
                try
                {
                    update = Engine.UpdateFile(path, Documents.Get(uri)?.Text, cts.Token); // one file: milliseconds
                }
                finally
                {
                    _writer.Release();
                }
                if (update.Kind is FileUpdateKind.Indexed or FileUpdateKind.Removed)
                {
                    Client.RefreshCodeLenses();
                    Client.Log(MessageType.Log, $"{update.Kind.ToString().ToLowerInvariant()} {update.Path} ({update.Embedded} chunks embedded){(update.SkipReason is { } r ? $": {r}" : "")}");
                }
            }
            catch (OperationCanceledException) { }
            catch (Exception e)
            {
                Client.Log(MessageType.Error, $"could not re-index {uri}: {e.Message}");
            }
            finally
            {
                _pendingUpdates.TryRemove(new KeyValuePair<string, CancellationTokenSource>(uri, cts));
                cts.Dispose();
            }
        });
    }

    /// <summary>
    /// Applies new settings: a change to the include/exclude globs starts an indexing run, a change to the private
    /// flag a rebuild (every file must be parsed again to know).
    /// </summary>
    public void ApplySettings(ServerSettings settings)
    {
        var old = _settings;
        _settings = settings with { IndexLocation = old.IndexLocation, Model = old.Model, Threads = old.Threads }; // the index cannot move or change model while open
        if (_settings != old) Client.Log(MessageType.Log, $"settings: {Describe(_settings)}");
        if (_settings.CodeLenses != old.CodeLenses) Client.RefreshCodeLenses();
        var privacy = old.PrivateFlag != settings.PrivateFlag;
        var globs = !old.Include.SequenceEqual(settings.Include) || !old.Exclude.SequenceEqual(settings.Exclude);
        if (!privacy && !globs) return;
        Engine.Filter = new JournalFilter(settings.Include, settings.Exclude);
        Engine.PrivateFlag = settings.PrivateFlag;
        _parsed.Clear();
        Client.Log(MessageType.Info, privacy ? "private flag changed: re-reading every file" : "include/exclude settings changed: re-indexing");
        StartIndexing(rebuild: privacy);
    }

    private static string Describe(ServerSettings s) =>
        $"include {Globs(s.Include, "every .md file")}, exclude {Globs(s.Exclude, "none")}, privateFlag {s.PrivateFlag}, " +
        $"results {s.Results}, hoverResults {s.HoverResults}, neighbourDays {s.NeighbourDays}, forgottenWeight {s.ForgottenWeight}, debounceMs {s.DebounceMs}, " +
        $"hovers {(s.Hovers ? "on" : "off")}, codeLenses {(s.CodeLenses ? "on" : "off")}";

    // "include [], exclude []" read as if nothing were included: an empty list says what it means.
    private static string Globs(string[] globs, string whenEmpty) =>
        globs.Length == 0 ? $"[] ({whenEmpty})" : $"[{string.Join(", ", globs)}]";

    /// <summary>The entries of a document: from the editor's buffer when open, else from disk; null when unreadable.</summary>
    public DocumentEntries? EntriesOf(string uri)
    {
        var path = Conversions.ToPath(uri);
        if (path is null || Engine.RelativePath(path) is not { } relative) return null;
        var text = Documents.Get(uri)?.Text;
        if (text is null)
        {
            var file = JournalFiles.Read(Folder, relative, Engine.MaxFileBytes);
            if (file.Text is null) return null;
            text = file.Text;
        }
        // Hover, code lens and resolve ask about the same text again and again: parse it once.
        if (_parsed.TryGetValue(uri, out var cached) && (ReferenceEquals(cached.Text, text) || cached.Text == text))
            return cached.Entries;
        var parsed = JournalParser.Parse(relative, text, Engine.PrivateFlag);
        var result = parsed.IsPrivate ? null : new DocumentEntries(uri, relative, text, parsed.Entries); // private: nothing to show
        if (_parsed.Count > 256) _parsed.Clear();
        _parsed[uri] = new ParsedText(text, result);
        return result;
    }

    private sealed record ParsedText(string Text, DocumentEntries? Entries);

    public void Dispose()
    {
        _shutdown.Cancel();
        Engine.Dispose();
    }
}
