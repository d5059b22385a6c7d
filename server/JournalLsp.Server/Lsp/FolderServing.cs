using JournalLsp.Core.Journal;
using JournalLsp.Indexing;
using JournalLsp.Server.Documents;
using JournalLsp.Server.Handlers;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Lsp;

/// <summary>
/// Whether and how the workspace folder is served, from <c>initialize</c> to <c>exit</c>: judges the folder (the
/// setting <c>enabled</c>, else its files), opens the engine only to serve it (a code repository never gets an index),
/// reacts to settings and to a dated file appearing, retires a folder turned off, and tells the client each change of
/// phase (<c>journal/didChangeStatus</c>). Every change goes through the one <see cref="FolderLifecycle"/>.
/// </summary>
internal sealed class FolderServing
{
    private const string TurnedOff = "Journal features are off for this folder: the setting enabled is false.";

    private readonly EngineFactory _openEngine;
    private readonly LspClient _client;
    private readonly Func<string, ServerSettings, bool>? _hasIndex;
    private Task<HeadStart?>? _early; // taken by the first Decide
    private readonly Lock _gate = new(); // serving starts and stops one at a time
    private volatile object? _current; // ServedFolder or NotServedFolder, replaced whole under _gate
    private ServerSettings? _pending; // the latest settings that came while the folder retired
    private readonly Lock _statusGate = new();
    private Task _statusSent = Task.CompletedTask; // status notifications, one after another

    /// <param name="openEngine">Opens the engine for a folder that is served (or, at initialize, for one whose index exists, while it is judged).</param>
    /// <param name="client">Messages to the client.</param>
    /// <param name="hasIndex">Whether opening the engine would find its index file already there; null when unknown.</param>
    /// <param name="early">The head start begun from the <c>initialize</c> message before JSON-RPC ran, if any
    /// (<see cref="ReadAheadInput"/>): complete before that message is dispatched, or never, when the first message was
    /// not a whole frame.</param>
    public FolderServing(EngineFactory openEngine, LspClient client, Func<string, ServerSettings, bool>? hasIndex, Task<HeadStart?>? early = null)
    {
        _openEngine = openEngine;
        _client = client;
        _early = early;
        _hasIndex = hasIndex;
        Lifecycle.PhaseChanged += _ => NotifyStatus();
    }

    /// <summary>Where serving stands.</summary>
    public FolderLifecycle Lifecycle { get; } = new();

    /// <summary>The <see cref="ServedFolder"/> or <see cref="NotServedFolder"/> now; null before <see cref="Start"/> and after <see cref="Abandon"/>.</summary>
    public object? Current => _current;

    /// <summary>
    /// Judges <paramref name="folder"/> at <c>initialize</c>. Where its index is there, the engine opens and loads it
    /// while the folder is judged (a head start: the shipped server's first hover comes sooner when one of 2 cores is
    /// busy, docs/benchmarks.md); an engine opened for a folder then not served is closed.
    /// </summary>
    public void Start(string folder, ServerSettings settings)
    {
        lock (_gate) Decide(folder, settings, new TextDocuments(), headStart: true);
    }

    // Serves the folder or not. Called under _gate; returns the workspace when it starts serving.
    private JournalWorkspace? Decide(string folder, ServerSettings settings, TextDocuments documents, bool headStart = false)
    {
        var early = TakeEarly();
        var opening = headStart && settings.Enabled is null && _hasIndex?.Invoke(folder, settings) == true
            ? (early is not null && early.Opens(folder, settings) ? early : HeadStart.Begin(folder, settings, _openEngine)).Opening
            : null;
        if (early is not null && early.Opening != opening) _ = CloseUnusedAsync(early.Opening);
        JournalVerdict? verdict;
        try
        {
            verdict = settings.Enabled is null ? JournalDetector.Judge(folder, new JournalFilter(settings.Include, settings.Exclude)) : null;
        }
        catch
        {
            if (opening is not null) _ = CloseUnusedAsync(opening);
            throw;
        }
        if (settings.Enabled == false || verdict is { IsJournal: false })
        {
            if (opening is not null) _ = CloseUnusedAsync(opening);
            var reason = verdict is null
                ? TurnedOff
                : $"This folder does not look like a journal ({verdict.Describe()}), so nothing is indexed. " +
                  "Enable it with the setting enabled: true (journalLsp.enabled in VS Code, initializationOptions { \"enabled\": true } in other editors).";
            _current = new NotServedFolder(folder, settings, reason, documents);
            Lifecycle.Fire(FolderEvent.Refused);
            return null;
        }
        var opened = opening?.GetAwaiter().GetResult(); // openEngine's exception, if any, as when it runs here
        var workspace = new JournalWorkspace(opened?.Engine ?? _openEngine(folder, settings), settings, _client, Lifecycle, documents)
        {
            Reason = verdict is null ? "the setting enabled is true" : $"served as a journal: {verdict.Describe()}",
        };
        _current = ServedFolder.Of(workspace); // before the event: the status it pushes reads the served folder
        Lifecycle.Fire(FolderEvent.Served);
        workspace.Load(opened?.Loading); // after Served, which counts the first run that waits for the load
        return workspace;
    }

    // The head start begun before JSON-RPC ran, once: null when there was none or its message was not a whole frame
    // (then it never completes, and is not waited for).
    private HeadStart? TakeEarly()
    {
        var early = _early;
        _early = null;
        return early is { IsCompletedSuccessfully: true } ? early.Result : null;
    }

    // An engine opened while judging a folder that is not served: closed once its load is done (its result and any
    // failure of it are nobody's concern now), and said in the log, where a failure to close goes too.
    private async Task CloseUnusedAsync(Task<(JournalEngine Engine, Task<(int Entries, long Ms)> Loading)> opening)
    {
        try
        {
            var (engine, loading) = await opening;
            await ((Task)loading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // (a Task<T> refuses SuppressThrowing)
            engine.Dispose();
            _client.Log(MessageType.Info, $"closed the index {engine.IndexPath}, opened while the folder was judged: it is not served");
        }
        catch (Exception e)
        {
            _client.Log(MessageType.Warning, $"the index opened while the folder was judged: {e.Message}");
        }
    }

    /// <summary>
    /// New settings: a served folder takes them (or retires when <c>enabled</c> turns false); a folder not served is
    /// decided again, and starts indexing when it now is one. Settings that come while a folder retires wait for it
    /// to be retired; the latest of them is applied then.
    /// </summary>
    public void Apply(ServerSettings settings)
    {
        Change change;
        lock (_gate)
        {
            if (Lifecycle.State.Phase == FolderPhase.ShutDown) return;
            if (Lifecycle.State.Phase == FolderPhase.Retiring)
            {
                _pending = settings;
                return;
            }
            change = ApplyUnderGate(settings);
        }
        Finish(change);
    }

    // What applying settings started or stopped, to finish outside the gate.
    private readonly record struct Change(JournalWorkspace? Started, JournalWorkspace? Stopped);

    private Change ApplyUnderGate(ServerSettings settings)
    {
        switch (_current)
        {
            case ServedFolder served when settings.Enabled == false:
                _current = new NotServedFolder(served.Workspace.Folder, settings, TurnedOff, served.Workspace.Documents);
                Lifecycle.Fire(FolderEvent.TurnedOff);
                _ = RetireAsync(served.Workspace);
                return new Change(null, served.Workspace);
            case ServedFolder served:
                served.Workspace.ApplySettings(settings);
                return default;
            case NotServedFolder notServed:
                return new Change(Decide(notServed.Folder, settings, notServed.Documents), null);
            default:
                return default;
        }
    }

    private void Finish(Change change)
    {
        if (change.Stopped is not null)
        {
            _client.Log(MessageType.Info, TurnedOff);
            _client.RefreshCodeLenses();
        }
        if (change.Started is { } started)
        {
            _client.Log(MessageType.Info, $"journal {started.Folder} ({started.Reason}), index {started.Engine.IndexPath}");
            started.Writes.StartFirstRun();
            started.ReopenDocuments();
            _client.RefreshCodeLenses();
        }
    }

    // Requests under way finish (InFlightCalls) before the engine closes; new ones are refused meanwhile. Then the
    // folder is not served, and the settings that came meanwhile (the latest) are applied.
    private async Task RetireAsync(JournalWorkspace workspace)
    {
        await Task.Yield(); // never under the caller's gate
        try
        {
            await workspace.RetireAsync();
        }
        catch (Exception e)
        {
            _client.Log(MessageType.Warning, $"closing the index of {workspace.Folder}: {e.Message}");
        }
        try
        {
            Change change = default;
            lock (_gate)
            {
                Lifecycle.Fire(FolderEvent.Retired);
                var pending = _pending;
                _pending = null; // taken before applying: a failure must not leave them for a later retirement
                if (pending is not null && Lifecycle.State.Phase == FolderPhase.NotServed) change = ApplyUnderGate(pending);
            }
            Finish(change);
        }
        catch (Exception e)
        {
            _client.Log(MessageType.Warning, $"the settings that came while {workspace.Folder} stopped being served: {e.Message}");
        }
    }

    /// <summary>
    /// A folder not served may have become a journal (its first entry written, opened or saved): when one of
    /// <paramref name="uris"/> is dated, decide again, off the notification's thread (a decision lists the folder and
    /// reads up to 200 files).
    /// </summary>
    public void Reconsider(NotServedFolder notServed, IEnumerable<string> uris)
    {
        if (notServed.Settings.Enabled is not null) return;
        _ = Task.Run(() =>
        {
            try
            {
                if (uris.Select(Conversions.ToPath).Any(path => path is not null && IsDated(notServed, path))) Apply(notServed.Settings);
            }
            catch (Exception e)
            {
                _client.Log(MessageType.Warning, $"could not decide again whether {notServed.Folder} is a journal: {e.Message}");
            }
        });
    }

    private static bool IsDated(NotServedFolder notServed, string path) =>
        JournalDetector.IsDated(notServed.Folder, path, notServed.Documents.Get(new Uri(path).AbsoluteUri)?.Text);

    /// <summary><c>shutdown</c>: nothing is served again, and every request but <c>exit</c> is refused.</summary>
    public void ShutDown()
    {
        lock (_gate) Lifecycle.Fire(FolderEvent.ShutDown);
    }

    /// <summary>Cancels background work and closes the index at once (at exit, or when the client disappears).</summary>
    public void Abandon()
    {
        object? current;
        lock (_gate)
        {
            Lifecycle.Fire(FolderEvent.ShutDown); // no settings change serves the folder again after this
            current = _current;
            _current = null;
            // exit, or the client gone, before an initialize that reached Decide: the head start begun from its message
            if (TakeEarly() is { } early) _ = CloseUnusedAsync(early.Opening);
        }
        (current as ServedFolder)?.Workspace.Dispose();
    }

    // journal/didChangeStatus: the status as it is when sent, one notification after another, so the last one the
    // client gets is the state now. A status that cannot be read (retiring, shut down) is not sent.
    private void NotifyStatus()
    {
        lock (_statusGate)
            _statusSent = _statusSent.ContinueWith(async _ =>
            {
                try
                {
                    if (Lifecycle.State.Phase == FolderPhase.ShutDown) return;
                    var status = _current switch
                    {
                        ServedFolder s => await s.Status.HandleAsync(CancellationToken.None),
                        NotServedFolder n => StatusHandler.NotServed(n.Folder, n.Reason),
                        _ => null,
                    };
                    if (status is not null && Lifecycle.State.Phase != FolderPhase.ShutDown) _client.NotifyStatus(status);
                }
                catch (ObjectDisposedException) { } // retired or closed meanwhile: the next phase sends its own
                catch (Exception e)
                {
                    _client.Log(MessageType.Log, $"journal/didChangeStatus not sent: {e.Message}");
                }
            }, TaskScheduler.Default).Unwrap();
    }

    /// <summary>
    /// Runs once what the first hover runs (parsing, written dates, similar days with relatedness and fusion, window
    /// ranking) on a hand-made journal, so the JIT compiles it while the client is still sending <c>initialized</c>:
    /// about 100 ms of the first hover on 2 busy cores.
    /// </summary>
    public static void Warmup()
    {
        try
        {
            _ = MarkdownJournal.Instance.Parse("warmup.md", "---\ndate: 2024-01-01\n---\n# 2024-01-01\n\nA line [[2024-01-02]].\n\n## 2024-01-02\n\nAnother.\n");
            _ = WrittenDates.At("A line [[2024-01-02]].", new Position(0, 10));
            const int d = 384;
            var vectors = new float[2 * d];
            vectors[0] = vectors[d + 1] = 1;
            var corpus = new Core.Search.SearchCorpus(
                [new(1, "a.md", new DateOnly(2024, 1, 1), 0, 1, "a"), new(2, "b.md", new DateOnly(2024, 2, 1), 0, 1, "b")],
                [new(1, 0, 0, 1), new(2, 1, 0, 1)], vectors, d);
            _ = Core.Search.SimilarDays.Rank(corpus, 0, 10, 3, 0.1, new Dictionary<Core.Search.EntryKey, DateTimeOffset>(), DateTimeOffset.UnixEpoch, [new(1, 1, 1f)]);
            _ = Core.Search.DenseRanker.RankWindows(corpus, corpus.VectorOf(0), 10);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"[journal-lsp] warm-up failed: {e.Message}");
        }
    }
}
