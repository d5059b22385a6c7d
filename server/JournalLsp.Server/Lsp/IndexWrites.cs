using System.Collections.Concurrent;
using JournalLsp.Indexing;
using JournalLsp.Indexing.Embeddings;
using JournalLsp.Server.Documents;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Lsp;

/// <summary>
/// Every write the server makes to a folder's index, one at a time: whole indexing runs, one-file updates after a pause
/// in typing or a watched-file event, seen marks, and deleting the index. Whether a write may run is the lifecycle's
/// to say (<see cref="FolderState.Writable"/>); each write is one of the workspace's calls in flight, so retiring waits
/// for it.
/// </summary>
/// <param name="engine">The folder's engine, the one writer of its index.</param>
/// <param name="client">Where logs, progress and messages go.</param>
/// <param name="lifecycle">Whether writes may run; runs are counted there.</param>
/// <param name="documents">The editor's buffers, indexed instead of the files on disk while open.</param>
/// <param name="parsed">The parse cache, cleared with the index.</param>
/// <param name="calls">The workspace's calls in flight, which each write joins.</param>
/// <param name="loaded">The index's load into memory, which a run waits for (on 2 cores both want both cores).</param>
/// <param name="retiring">Cancelled when the workspace retires: pending writes stop.</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "_writer has no wait handle to free, and a write finishing at exit still releases it")]
internal sealed class IndexWrites(
    JournalEngine engine, LspClient client, FolderLifecycle lifecycle, TextDocuments documents, ParsedDocuments parsed,
    InFlightCalls calls, Func<Task> loaded, CancellationToken retiring)
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _pendingUpdates = new(StringComparer.Ordinal);
    // One write at a time, waited for asynchronously: a pool thread never blocks on the engine's own write gate while
    // a run of minutes holds it (that starves the pool on 2 cores, see RunOnWriterAsync). Never disposed: a write
    // still finishing at exit releases it (it has no wait handle to free).
    private readonly SemaphoreSlim _writer = new(1, 1);
    private volatile IndexProgressReporter? _progress;
    private CancellationTokenSource? _runCancellation; // the running run's, to cancel it from DeleteAsync
    private int _firstRunStarted;

    /// <summary>The running indexing run's last progress report, or null.</summary>
    public IndexProgress? Progress => _progress?.Last;

    /// <summary>Starts the first indexing run (counted when the folder was served), once, whoever asks first.</summary>
    public void StartFirstRun()
    {
        if (Interlocked.Exchange(ref _firstRunStarted, 1) != 0) return;
        // Closing already: retiring ends with the count at 0 (Retired), so the first run needs no RunEnded.
        if (TryEnter() is { } call) Log(RunAsync(call, rebuild: false, CancellationToken.None));
    }

    /// <summary>Starts <see cref="IndexAsync"/> without waiting; failures are logged. Does nothing while paused or retiring.</summary>
    public void StartIndexing(bool rebuild = false)
    {
        if (Request() is { } call) Log(RunAsync(call, rebuild, CancellationToken.None));
    }

    /// <summary>
    /// Brings the whole index in line with the folder (or, with <paramref name="rebuild"/>, re-reads every file),
    /// reporting progress to the client, then re-applies unsaved editor buffers. Runs queue on one writer.
    /// </summary>
    /// <exception cref="OperationCanceledException">When paused (the index was deleted) or retiring, or cancelled.</exception>
    public Task<IndexSummary> IndexAsync(bool rebuild, CancellationToken cancellationToken) =>
        Request() is { } call
            ? RunAsync(call, rebuild, cancellationToken)
            : Task.FromException<IndexSummary>(new OperationCanceledException(NotWritable()));

    // A run asked for: counted only once it is one of the calls in flight, so its RunEnded can never come after the
    // retirement that waits for those calls (and land on the next workspace's count). Null when refused.
    private InFlightCalls.Call? Request()
    {
        if (TryEnter() is not { } call) return null;
        if (lifecycle.Fire(FolderEvent.RunRequested)) return call;
        call.Dispose();
        return null;
    }

    private InFlightCalls.Call? TryEnter()
    {
        try
        {
            return calls.Enter();
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    // Why nothing is written now, in the words of the phase.
    private string NotWritable() => lifecycle.State.Phase == FolderPhase.Paused
        ? "the index was deleted; journal.reindex builds it again"
        : "the journal is no longer served";

    // A counted run, inside its call: it ends with RunEnded whatever happens, before the call leaves.
    private async Task<IndexSummary> RunAsync(InFlightCalls.Call call, bool rebuild, CancellationToken cancellationToken)
    {
        using (call)
        {
            try
            {
                return await RunOnWriterAsync(rebuild, cancellationToken);
            }
            finally
            {
                lifecycle.Fire(FolderEvent.RunEnded);
            }
        }
    }

    private async Task<IndexSummary> RunOnWriterAsync(bool rebuild, CancellationToken cancellationToken)
    {
        await loaded().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // the load logs its own failure
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, retiring);
        await _writer.WaitAsync(linked.Token);
        IndexProgressReporter? progress = null;
        try
        {
            // Cancellable by a delete from here on; deleted while this run waited for the writer: it must not build
            // the index again.
            Volatile.Write(ref _runCancellation, linked);
            if (!lifecycle.State.Writable) throw new OperationCanceledException(NotWritable());
            _progress = progress = await client.BeginIndexProgressAsync(linked.Token);
            // A thread of its own, not the pool's: a run takes minutes, and on 2 cores the pool starts with 2
            // threads, one of them blocked reading stdin; holding the other starves every request.
            var summary = await Task.Factory.StartNew(() =>
            {
                var summary = rebuild ? engine.Rebuild(progress, linked.Token) : engine.Index(progress, linked.Token);
                AfterRun();
                return summary;
            }, linked.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            progress.End($"{summary.Entries:N0} entries indexed");
            Report(summary);
            // A question or an edit will need the model: load it now the cores are free rather than at the first ask
            // (its session, 0.2 s on 2 cores); hovers, lenses and similar days never wait for it.
            _ = engine.LoadModelSoon();
            foreach (var doc in documents.All) ScheduleUpdate(doc.Uri, TimeSpan.Zero);
            client.RefreshCodeLenses(); // lenses drawn while the index was still filling now have answers
            return summary;
        }
        catch (Exception e)
        {
            progress?.End(e is OperationCanceledException ? "cancelled" : "failed"); // the client's spinner ends either way
            throw;
        }
        finally
        {
            _progress = null;
            Interlocked.CompareExchange(ref _runCancellation, null, linked);
            _writer.Release();
        }
    }

    private void Report(IndexSummary summary)
    {
        client.Log(MessageType.Info, $"indexed {summary.Entries:N0} entries in {summary.Files:N0} files ({summary.Embedded:N0} chunks and windows embedded, {summary.Reused:N0} reused) in {summary.Seconds:F1} s");
        foreach (var skipped in summary.Skipped) client.Log(MessageType.Warning, $"skipped {skipped.Path}: {skipped.Reason}");
        foreach (var notice in summary.Notices) client.Show(MessageType.Warning, notice);
    }

    // After a run: the vocabulary as the run left it, for BM25 (JournalEngine.LoadVocabulary; the postings for "more
    // like this" follow once the index has been quiet 2 s, so a start's first hovers keep both cores), and memory given back:
    // the garbage of reading every file keeps the heap's pages committed, and one compacting collection with a trim of
    // the C heap (22 ms per run on the diary) gives back about 40 MB (docs/benchmarks.md). Neither is needed for the
    // run's result: a failure is logged, and the run still ends as done.
    private void AfterRun()
    {
        try
        {
            engine.LoadVocabulary();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            NativeHeap.Trim();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            client.Log(MessageType.Warning, $"after indexing: {e.Message}");
        }
    }

    /// <summary>
    /// Deletes everything stored for this journal (<see cref="JournalEngine.DeleteIndex"/>): the folder pauses first,
    /// then a running run and pending buffer updates are cancelled, and nothing is indexed again until
    /// <see cref="Resume"/> (<c>journal.reindex</c>); typing on does not quietly rebuild what was just deleted.
    /// </summary>
    /// <returns>The paths deleted.</returns>
    public async Task<IReadOnlyList<string>> DeleteAsync(CancellationToken cancellationToken)
    {
        // Paused before waiting for the writer: a run queued on it finds the folder so and does nothing.
        var paused = lifecycle.Fire(FolderEvent.Deleted);
        foreach (var source in _pendingUpdates.Values.Append(Volatile.Read(ref _runCancellation)))
        {
            try { source?.Cancel(); }
            catch (ObjectDisposedException) { } // it finished meanwhile
        }
        try
        {
            using var call = calls.Enter();
            await _writer.WaitAsync(cancellationToken);
            try
            {
                var deleted = await Task.Run(engine.DeleteIndex, CancellationToken.None);
                lifecycle.Announce(); // the status pushed when the folder paused still counted the index
                parsed.Clear();
                client.Log(MessageType.Info, $"deleted the index of {engine.JournalFolder} ({string.Join(", ", deleted)}); nothing is indexed until journal.reindex");
                client.RefreshCodeLenses();
                return deleted;
            }
            finally
            {
                _writer.Release();
            }
        }
        catch when (paused)
        {
            // Not deleted (cancelled, or the delete failed): the index stays, so writes resume and the run cancelled
            // above is made up for.
            lifecycle.Fire(FolderEvent.Resumed);
            StartIndexing();
            throw;
        }
    }

    /// <summary>Lets indexing and buffer updates run again after <see cref="DeleteAsync"/>.</summary>
    public void Resume() => lifecycle.Fire(FolderEvent.Resumed);

    /// <summary>
    /// Re-indexes one document after <paramref name="delay"/> (a pause in typing): a newer call for the same document
    /// cancels the older one, so a burst of keystrokes costs one update. Open documents are indexed from their buffer.
    /// </summary>
    public void ScheduleUpdate(string uri, TimeSpan delay)
    {
        if (Conversions.ToPath(uri) is not { } path || engine.RelativePath(path) is not { } relative) return;
        if (!lifecycle.State.Writable)
        {
            if (lifecycle.State.Phase == FolderPhase.Paused)
                client.Log(MessageType.Log, $"not re-indexing {relative}: the index was deleted (journal.reindex builds it again)");
            return;
        }
        var cts = CancellationTokenSource.CreateLinkedTokenSource(retiring);
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
                using var call = calls.Enter();
                await _writer.WaitAsync(cts.Token);
                FileUpdate update;
                try
                {
                    if (!lifecycle.State.Writable) return;
                    update = engine.UpdateFile(path, documents.Get(uri)?.Text, cts.Token); // one file: milliseconds
                }
                finally
                {
                    _writer.Release();
                }
                if (update.Kind is FileUpdateKind.Indexed or FileUpdateKind.Removed)
                {
                    client.RefreshCodeLenses();
                    client.Log(MessageType.Log, $"{update.Kind.ToString().ToLowerInvariant()} {update.Path} ({update.Embedded} chunks embedded){(update.SkipReason is { } r ? $": {r}" : "")}");
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { } // replaced, or retiring
            catch (Exception e)
            {
                client.Log(MessageType.Error, $"could not re-index {uri}: {e.Message}");
            }
            finally
            {
                _pendingUpdates.TryRemove(new KeyValuePair<string, CancellationTokenSource>(uri, cts));
                cts.Dispose();
            }
        });
    }

    /// <summary>
    /// Records that a document's entries were seen (it stayed open), beside the other writes; a deleted index records
    /// nothing. Failures are logged.
    /// </summary>
    public void MarkSeen(string uri)
    {
        if (!lifecycle.State.Writable || Conversions.ToPath(uri) is not { } path) return;
        _ = Task.Run(() =>
        {
            using var call = calls.Enter();
            engine.MarkSeen(path);
        }, retiring).ContinueWith(t =>
        {
            if (t.Exception?.InnerException is { } e and not ObjectDisposedException) client.Log(MessageType.Error, $"could not record {uri} as seen: {e.Message}");
        }, TaskScheduler.Default);
    }

    private void Log(Task run) => run.ContinueWith(t =>
    {
        if (t.Exception is { } e) client.Log(MessageType.Error, $"indexing failed: {e.InnerException?.Message}");
    }, TaskScheduler.Default);
}
