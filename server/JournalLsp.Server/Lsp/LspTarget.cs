using JournalLsp.Indexing;
using JournalLsp.Server.Documents;
using JournalLsp.Server.Handlers;
using JournalLsp.Server.Protocol;
using StreamJsonRpc;

namespace JournalLsp.Server.Lsp;

/// <summary>
/// Opens the engine for a journal folder with what the settings fix for a server's life: the index location (null for
/// the default), the model (null for this machine's default) and the threads.
/// </summary>
public delegate JournalEngine EngineFactory(string journalFolder, ServerSettings settings);

/// <summary>
/// The route table: one method per LSP method, each handing over to a handler. Requests before <c>initialize</c>
/// are refused with ServerNotInitialized (-32002); methods not listed get MethodNotFound (-32601) from StreamJsonRpc,
/// and <c>$/cancelRequest</c> cancels the request's token (StreamJsonRpc's default cancellation method is LSP's).
/// </summary>
/// <param name="openEngine">Opens the engine for a folder that is served (or, at initialize, for one whose index exists, while it is judged).</param>
/// <param name="client">Messages to the client.</param>
/// <param name="exit">Completed with the exit code at <c>exit</c>.</param>
/// <param name="hasIndex">Whether opening the engine would find its index file already there (then opening it creates no
/// index for a folder that has none, so it may start before the folder is judged); null when unknown.</param>
internal sealed class LspTarget(EngineFactory openEngine, LspClient client, TaskCompletionSource<int> exit, Func<string, ServerSettings, bool>? hasIndex = null)
{
    private readonly Lock _gate = new(); // serving starts and stops one at a time
    // Null before initialize; then Handlers while the folder is served as a journal, NotServed while it is not. One
    // field, replaced whole under _gate and read once per request, so no request sees a state half-changed.
    private volatile object? _state;
    private bool _shutdown;

    private sealed record Handlers(
        JournalWorkspace Workspace, TextSyncHandler TextSync, WatchedFilesHandler WatchedFiles, HoverHandler Hover,
        CodeLensHandler CodeLens, CommandHandler Commands, SearchHandler Search, SimilarHandler Similar, StatusHandler Status,
        TimelineHandler Timeline, NavigationHandler Navigation, CodeActionHandler CodeActions);

    /// <summary>
    /// An initialized server whose folder is not served: no engine, no index; why, the settings to decide again with,
    /// and the editor's open buffers (kept, so serving that starts later has them).
    /// </summary>
    private sealed record NotServed(string Folder, ServerSettings Settings, string Reason, TextDocuments Documents);

    private const string TurnedOff = "Journal features are off for this folder: the setting enabled is false.";

    // The settings a client's configuration is layered on: the defaults and initializationOptions. Each pull (or
    // didChangeConfiguration's settings) is the client's whole section as it is now, so a key the person removed
    // goes back to its initial value instead of keeping the last one it had (eglot sends only the keys set).
    private ServerSettings _initial = ServerSettings.Default;

    // After shutdown every request but exit is refused with InvalidRequest, as LSP 3.17 asks ("Shutdown Request").
    private object State => _shutdown
        ? throw new LocalRpcException("the server is shutting down: only exit is expected now") { ErrorCode = ErrorCodes.InvalidRequest }
        : _state ?? throw new LocalRpcException("the server is not initialized") { ErrorCode = ErrorCodes.ServerNotInitialized };

    // The handlers, or null where the folder is not served.
    private Handlers? Served => State as Handlers;

    // For requests that need the journal: where the folder is not served, the reason becomes the error (RequestFailed).
    private Handlers Journal => State switch
    {
        Handlers h => h,
        var state => throw new JournalException(((NotServed)state).Reason),
    };

    // ---- lifecycle ----

    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Initialize(InitializeParams p)
    {
        if (_state is not null) throw new LocalRpcException("initialize was already sent") { ErrorCode = ErrorCodes.InvalidRequest };
        var folderUri = p.WorkspaceFolders?.FirstOrDefault()?.Uri ?? p.RootUri;
        var folder = folderUri is null ? p.RootPath : Conversions.ToPath(folderUri)
            ?? throw InvalidParams($"not a file URI: {folderUri}");
        if (folder is null) throw InvalidParams("open a folder: the journal is the workspace folder");
        if (!Directory.Exists(folder)) throw InvalidParams($"the workspace folder does not exist: {folder}");
        if (p.WorkspaceFolders is { Length: > 1 })
            client.Log(MessageType.Warning, $"{p.WorkspaceFolders.Length} workspace folders: the journal is the first, {folder}");

        client.Features = ClientFeatures.From(p.Capabilities);
        var settings = _initial = ServerSettings.Default.With(p.InitializationOptions);
        lock (_gate) Decide(folder, settings, new TextDocuments(), headStart: true);
        _ = Task.Run(Warmup);

        return new InitializeResult(
            new ServerCapabilities(
                new TextDocumentSyncOptions(OpenClose: true, Change: 2, new SaveOptions(IncludeText: false)),
                HoverProvider: true, new CodeLensOptions(ResolveProvider: true), new ExecuteCommandOptions(CommandHandler.Commands),
                DefinitionProvider: true, ReferencesProvider: true, WorkspaceSymbolProvider: true,
                CodeActionProvider: new CodeActionOptions([CodeActionHandler.Kind])),
            new ServerInfo("journal-lsp", typeof(LspTarget).Assembly.GetName().Version?.ToString() ?? "0"));
    }

    // Serves the folder or not (the setting enabled, else its files: JournalDetection), creating an index only to serve
    // it, so a code repository never gets one. Called under _gate; returns the workspace when it starts serving.
    // headStart (initialize only): where the index is there, open the engine and load the index while the folder is
    // judged. Later decisions (each settings pull, a dated file) would load a whole corpus again for a folder not
    // served, so they judge first.
    private JournalWorkspace? Decide(string folder, ServerSettings settings, TextDocuments documents, bool headStart = false)
    {
        // With one of 2 cores busy, loading after judging made the shipped server's first hover 705-975 ms from
        // initialize, loading while judging 696-759 ms; both cores busy, 952-1,620 against 933-1,087 ms; the same
        // within noise on a quiet VM (docs/benchmarks.md).
        var opening = headStart && settings.Enabled is null && hasIndex?.Invoke(folder, settings) == true
            ? Task.Run(() =>
            {
                var engine = openEngine(folder, settings);
                return (Engine: engine, Loading: Task.Run(() => JournalWorkspace.LoadIndex(engine)));
            })
            : null;
        Core.Journal.JournalVerdict? verdict;
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
            _state = new NotServed(folder, settings, reason, documents);
            return null;
        }
        var opened = opening?.GetAwaiter().GetResult(); // openEngine's exception, if any, as when it runs here
        var workspace = new JournalWorkspace(opened?.Engine ?? openEngine(folder, settings), settings, client, documents)
        {
            Reason = verdict is null ? "the setting enabled is true" : $"served as a journal: {verdict.Describe()}",
        };
        workspace.Warm(opened?.Loading); // before the handlers are published: initialized, however early, finds the load begun
        _state = new Handlers(workspace, new TextSyncHandler(workspace), new WatchedFilesHandler(workspace),
            new HoverHandler(workspace), new CodeLensHandler(workspace), new CommandHandler(workspace),
            new SearchHandler(workspace), new SimilarHandler(workspace), new StatusHandler(workspace), new TimelineHandler(workspace),
            new NavigationHandler(workspace), new CodeActionHandler(workspace));
        return workspace;
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
            client.Log(MessageType.Info, $"closed the index {engine.IndexPath}, opened while the folder was judged: it is not served");
        }
        catch (Exception e)
        {
            client.Log(MessageType.Warning, $"the index opened while the folder was judged: {e.Message}");
        }
    }

    // New settings: a served folder takes them (or stops being served when enabled turns false); a folder not served
    // is decided again, and starts indexing when it now is one.
    private void Apply(ServerSettings settings)
    {
        JournalWorkspace? started = null, stopped = null;
        string? reason = null;
        lock (_gate)
        {
            if (_shutdown) return;
            if (_state is Handlers h && settings.Enabled == false)
            {
                stopped = h.Workspace;
                _state = new NotServed(stopped.Folder, settings, reason = TurnedOff, stopped.Documents);
            }
            else if (_state is Handlers served) served.Workspace.ApplySettings(settings);
            else if (_state is NotServed n) started = Decide(n.Folder, settings, n.Documents);
        }
        if (stopped is not null)
        {
            client.Log(MessageType.Info, reason!);
            _ = stopped.RetireAsync(); // once the requests it is answering are done
            client.RefreshCodeLenses();
        }
        if (started is not null)
        {
            client.Log(MessageType.Info, $"journal {started.Folder} ({started.Reason}), index {started.Engine.IndexPath}");
            started.StartFirstRun();
            started.ReopenDocuments();
            client.RefreshCodeLenses();
        }
    }

    // A folder not served may have become a journal (its first entry written, opened or saved): when one of these
    // files is dated, decide again, off the notification's thread (a decision lists the folder and reads 200 files).
    private void Reconsider(NotServed notServed, IEnumerable<string> uris)
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
                client.Log(MessageType.Warning, $"could not decide again whether {notServed.Folder} is a journal: {e.Message}");
            }
        });
    }

    private static bool IsDated(NotServed notServed, string path) =>
        JournalDetector.IsDated(notServed.Folder, path, notServed.Documents.Get(new Uri(path).AbsoluteUri)?.Text);

    // The first hover parses a document and ranks: JIT-compiling Markdig's and YamlDotNet's paths and the ranking loops
    // took 60-70 ms and 30-40 ms of it on 2 cores busy indexing (first hovers of 93-99 ms, 36-51 ms after this).
    // Doing that once now, while the client is still sending initialized, keeps the first hover quick.
    private static void Warmup()
    {
        try
        {
            _ = Core.Journal.JournalParser.Parse("warmup.md", "---\ndate: 2024-01-01\n---\n# 2024-01-01\n\nA line [[2024-01-02]].\n\n## 2024-01-02\n\nAnother.\n");
            _ = Documents.WrittenDates.At("A line [[2024-01-02]].", new Position(0, 10));
            const int d = 384;
            var vectors = new float[2 * d];
            vectors[0] = vectors[d + 1] = 1;
            var corpus = new Core.Search.SearchCorpus(
                [new(1, "a.md", new DateOnly(2024, 1, 1), 0, 1, "a"), new(2, "b.md", new DateOnly(2024, 2, 1), 0, 1, "b")],
                [new(1, 0, 0, 1), new(2, 1, 0, 1)], vectors, d);
            // What a hover runs: similar days with relatedness and fusion, and a question's window ranking.
            _ = Core.Search.SimilarDays.Rank(corpus, 0, 10, 3, 0.1, new Dictionary<Core.Search.EntryKey, DateTimeOffset>(), DateTimeOffset.UnixEpoch, [new(1, 1, 1f)]);
            _ = Core.Search.DenseRanker.RankWindows(corpus, corpus.VectorOf(0), 10);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"[journal-lsp] warm-up failed: {e.Message}");
        }
    }

    [JsonRpcMethod("initialized")]
    public async Task InitializedAsync()
    {
        var state = State;
        client.MarkInitialized();
        client.Log(MessageType.Info, state is Handlers h ? $"journal {h.Workspace.Folder} ({h.Workspace.Reason}), index {h.Workspace.Engine.IndexPath}" : ((NotServed)state).Reason);
        if (await client.ConfigurationAsync() is { } configured) Apply(_initial.With(configured));
        // The first run of whichever workspace serves the folder now (started once, however many times asked).
        if (_state is Handlers served) served.Workspace.StartFirstRun();
        await client.RegisterFileWatcherAsync();
    }

    [JsonRpcMethod("shutdown")]
    public object? Shutdown()
    {
        _shutdown = true;
        return null;
    }

    [JsonRpcMethod("exit")]
    public void Exit()
    {
        var code = _shutdown ? 0 : 1; // LSP: 0 after a shutdown request, else 1
        Abandon();
        exit.TrySetResult(code);
    }

    /// <summary>Cancels background work and closes the index (at exit, or when the client disappears).</summary>
    [JsonRpcIgnore]
    public void Abandon()
    {
        object? state;
        lock (_gate)
        {
            _shutdown = true; // no settings change serves the folder again after this
            state = _state;
            _state = null;
        }
        (state as Handlers)?.Workspace.Dispose();
    }

    // ---- text sync and workspace ----

    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    public void DidOpen(DidOpenTextDocumentParams p)
    {
        switch (_state)
        {
            case Handlers h: h.TextSync.DidOpen(p); break;
            case NotServed n:
                n.Documents.Open(p.TextDocument.Uri, p.TextDocument.Version, p.TextDocument.Text);
                Reconsider(n, [p.TextDocument.Uri]);
                break;
        }
    }

    [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
    public void DidChange(DidChangeTextDocumentParams p)
    {
        switch (_state)
        {
            case Handlers h: h.TextSync.DidChange(p); break;
            case NotServed n: n.Documents.Change(p.TextDocument.Uri, p.TextDocument.Version, p.ContentChanges); break;
        }
    }

    [JsonRpcMethod("textDocument/didSave", UseSingleObjectParameterDeserialization = true)]
    public void DidSave(DidSaveTextDocumentParams p)
    {
        switch (_state)
        {
            case Handlers h: h.TextSync.DidSave(p); break;
            case NotServed n: Reconsider(n, [p.TextDocument.Uri]); break;
        }
    }

    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    public void DidClose(DidCloseTextDocumentParams p)
    {
        switch (_state)
        {
            case Handlers h: h.TextSync.DidClose(p); break;
            case NotServed n: n.Documents.Close(p.TextDocument.Uri); break;
        }
    }

    [JsonRpcMethod("workspace/didChangeWatchedFiles", UseSingleObjectParameterDeserialization = true)]
    public void DidChangeWatchedFiles(DidChangeWatchedFilesParams p)
    {
        switch (_state)
        {
            case Handlers h: h.WatchedFiles.Handle(p); break;
            case NotServed n: Reconsider(n, (p?.Changes ?? []).Where(c => c.Type == FileChangeType.Created).Select(c => c.Uri)); break;
        }
    }

    [JsonRpcMethod("workspace/didChangeConfiguration", UseSingleObjectParameterDeserialization = true)]
    public async Task DidChangeConfigurationAsync(DidChangeConfigurationParams p)
    {
        if (_state is null) return;
        // Clients that support workspace/configuration send an empty notification and expect a pull; with neither a
        // pull nor settings in the notification there is nothing to go by (not: every setting back to its default).
        if ((await client.ConfigurationAsync() ?? p?.Settings) is not { } settings) return;
        Apply(_initial.With(settings));
    }

    // ---- language features ----

    [JsonRpcMethod("textDocument/hover", UseSingleObjectParameterDeserialization = true)]
    public Task<Hover?> HoverAsync(TextDocumentPositionParams p, CancellationToken ct) => Rpc(() => Served is { } h ? h.Hover.HandleAsync(p, ct) : Task.FromResult<Hover?>(null));

    [JsonRpcMethod("textDocument/codeLens", UseSingleObjectParameterDeserialization = true)]
    public Task<CodeLens[]> CodeLensAsync(CodeLensParams p, CancellationToken ct) => Rpc(() => Served is { } h ? h.CodeLens.HandleAsync(p, ct) : Task.FromResult<CodeLens[]>([]));

    [JsonRpcMethod("codeLens/resolve", UseSingleObjectParameterDeserialization = true)]
    public Task<CodeLens> CodeLensResolveAsync(CodeLens p, CancellationToken ct) => Rpc(() => Journal.CodeLens.ResolveAsync(p, ct));

    [JsonRpcMethod("textDocument/definition", UseSingleObjectParameterDeserialization = true)]
    public Task<Location[]?> DefinitionAsync(TextDocumentPositionParams p, CancellationToken ct) =>
        Rpc(() => Served is { } h ? h.Navigation.DefinitionAsync(p, ct) : Task.FromResult<Location[]?>(null));

    [JsonRpcMethod("textDocument/references", UseSingleObjectParameterDeserialization = true)]
    public Task<Location[]> ReferencesAsync(ReferenceParams p, CancellationToken ct) =>
        Rpc(() => Served is { } h ? h.Navigation.ReferencesAsync(p, ct) : Task.FromResult<Location[]>([]));

    [JsonRpcMethod("workspace/symbol", UseSingleObjectParameterDeserialization = true)]
    public Task<SymbolInformation[]> WorkspaceSymbolAsync(WorkspaceSymbolParams p, CancellationToken ct) =>
        Rpc(() => Served is { } h ? h.Navigation.WorkspaceSymbolAsync(p, ct) : Task.FromResult<SymbolInformation[]>([]));

    [JsonRpcMethod("textDocument/codeAction", UseSingleObjectParameterDeserialization = true)]
    public Task<CodeAction[]> CodeActionAsync(CodeActionParams p) =>
        Rpc(() => Task.FromResult(Served is { } h ? h.CodeActions.Handle(p) : []));

    [JsonRpcMethod("workspace/executeCommand", UseSingleObjectParameterDeserialization = true)]
    public Task<object?> ExecuteCommandAsync(ExecuteCommandParams p, CancellationToken ct) => Rpc(() => Journal.Commands.HandleAsync(p, ct));

    // ---- journal extensions (docs/lsp-extensions.md) ----

    [JsonRpcMethod(JournalMethods.Search, UseSingleObjectParameterDeserialization = true)]
    public Task<JournalResult[]> SearchAsync(SearchParams p, CancellationToken ct) => Rpc(() => Journal.Search.HandleAsync(p, ct));

    [JsonRpcMethod(JournalMethods.Similar, UseSingleObjectParameterDeserialization = true)]
    public Task<JournalResult[]> SimilarAsync(SimilarParams p, CancellationToken ct) => Rpc(() => Journal.Similar.HandleAsync(p, ct));

    [JsonRpcMethod(JournalMethods.Understand, UseSingleObjectParameterDeserialization = true)]
    public Task<UnderstandResult> UnderstandAsync(SearchParams p, CancellationToken ct) => Rpc(() => Journal.Search.UnderstandAsync(p, ct));

    [JsonRpcMethod(JournalMethods.Timeline, UseSingleObjectParameterDeserialization = true)]
    public Task<TimelineResult> TimelineAsync(TimelineParams p, CancellationToken ct) => Rpc(() => Journal.Timeline.HandleAsync(p, ct));

    [JsonRpcMethod(JournalMethods.Status)]
    public Task<StatusResult> StatusAsync(CancellationToken ct) => Rpc(() => State switch
    {
        Handlers h => h.Status.HandleAsync(ct),
        var state => Task.FromResult(StatusHandler.NotServed(((NotServed)state).Folder, ((NotServed)state).Reason)),
    });

    // ---- the protocol boundary: the only place RPC errors are made ----

    // Handlers throw InvalidParamsException and JournalException; here they become InvalidParams (-32602) and
    // RequestFailed (-32803); the engine's InvalidQueryException (a JournalException) is the asker's mistake: InvalidParams. Anything else surfaces as StreamJsonRpc's generic error, with its message.
    private static async Task<T> Rpc<T>(Func<Task<T>> handle)
    {
        try
        {
            return await handle();
        }
        catch (InvalidParamsException e)
        {
            throw InvalidParams(e.Message);
        }
        catch (InvalidQueryException e)
        {
            throw InvalidParams(e.Message);
        }
        catch (JournalException e)
        {
            throw new LocalRpcException(e.Message) { ErrorCode = ErrorCodes.RequestFailed };
        }
        catch (ObjectDisposedException)
        {
            // The workspace stopped serving (the setting enabled turned false) while this was answered: ask again.
            throw new LocalRpcException("the journal stopped being served while this was answered") { ErrorCode = ErrorCodes.ContentModified };
        }
    }

    private static LocalRpcException InvalidParams(string message) => new(message) { ErrorCode = ErrorCodes.InvalidParams };
}
