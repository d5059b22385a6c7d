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
/// <param name="early">The head start begun from the <c>initialize</c> message before JSON-RPC ran (<see cref="ReadAheadInput"/>), if any.</param>
internal sealed class LspTarget(EngineFactory openEngine, LspClient client, TaskCompletionSource<int> exit, Func<string, ServerSettings, bool>? hasIndex = null,
    Task<HeadStart?>? early = null)
{
    private readonly FolderServing _serving = new(openEngine, client, hasIndex, early);

    // The settings a client's configuration is layered on: the defaults and initializationOptions. Each pull (or
    // didChangeConfiguration's settings) is the client's whole section as it is now, so a key the person removed
    // goes back to its initial value instead of keeping the last one it had (eglot sends only the keys set).
    private ServerSettings _initial = ServerSettings.Default;

    // The served or not-served folder, read once per request so no request sees a state half-changed. Before
    // initialize: ServerNotInitialized; after shutdown every request but exit is refused with InvalidRequest, as
    // LSP 3.17 asks ("Shutdown Request").
    private object State => _serving.Lifecycle.State.Phase switch
    {
        FolderPhase.ShutDown => throw new LocalRpcException("the server is shutting down: only exit is expected now") { ErrorCode = ErrorCodes.InvalidRequest },
        FolderPhase.Judging => throw new LocalRpcException("the server is not initialized") { ErrorCode = ErrorCodes.ServerNotInitialized },
        _ => _serving.Current ?? throw new LocalRpcException("the server is shutting down: only exit is expected now") { ErrorCode = ErrorCodes.InvalidRequest },
    };

    // The handlers, or null where the folder is not served.
    private ServedFolder? Served => State as ServedFolder;

    // For requests that need the journal: where the folder is not served, the reason becomes the error (RequestFailed).
    private ServedFolder Journal => State switch
    {
        ServedFolder served => served,
        var state => throw new JournalException(((NotServedFolder)state).Reason),
    };

    // ---- lifecycle ----

    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Initialize(InitializeParams p)
    {
        if (_serving.Lifecycle.State.Phase != FolderPhase.Judging) throw new LocalRpcException("initialize was already sent") { ErrorCode = ErrorCodes.InvalidRequest };
        var folder = WorkspaceFolder(p) ?? (FolderUri(p) is { } uri ? throw InvalidParams($"not a file URI: {uri}") : null);
        if (folder is null) throw InvalidParams("open a folder: the journal is the workspace folder");
        if (!Directory.Exists(folder)) throw InvalidParams($"the workspace folder does not exist: {folder}");
        if (p.WorkspaceFolders is { Length: > 1 })
            client.Log(MessageType.Warning, $"{p.WorkspaceFolders.Length} workspace folders: the journal is the first, {folder}");

        client.Features = ClientFeatures.From(p.Capabilities);
        var settings = _initial = ServerSettings.Default.With(p.InitializationOptions);
        _serving.Start(folder, settings);
        _ = Task.Run(FolderServing.Warmup);

        return new InitializeResult(
            new ServerCapabilities(
                new TextDocumentSyncOptions(OpenClose: true, Change: 2, new SaveOptions(IncludeText: false)),
                HoverProvider: true, new CodeLensOptions(ResolveProvider: true), new ExecuteCommandOptions(CommandHandler.Commands),
                DefinitionProvider: true, ReferencesProvider: true, WorkspaceSymbolProvider: true,
                CodeActionProvider: new CodeActionOptions([CodeActionHandler.Kind])),
            new ServerInfo("journal-lsp", typeof(LspTarget).Assembly.GetName().Version?.ToString() ?? "0"));
    }

    /// <summary>
    /// The journal: the first workspace folder's URI, else the root URI, as a path (null when that URI is not a file
    /// URI); the root path when there is no URI at all.
    /// </summary>
    internal static string? WorkspaceFolder(InitializeParams p) => FolderUri(p) is { } uri ? Conversions.ToPath(uri) : p.RootPath;

    private static string? FolderUri(InitializeParams p) => p.WorkspaceFolders?.FirstOrDefault()?.Uri ?? p.RootUri;

    [JsonRpcMethod("initialized")]
    public async Task InitializedAsync()
    {
        var state = State;
        client.MarkInitialized();
        client.Log(MessageType.Info, state is ServedFolder s ? $"journal {s.Workspace.Folder} ({s.Workspace.Reason}), index {s.Workspace.Engine.IndexPath}" : ((NotServedFolder)state).Reason);
        if (await client.ConfigurationAsync() is { } configured) _serving.Apply(_initial.With(configured));
        // The first run of whichever workspace serves the folder now (started once, however many times asked).
        if (_serving.Current is ServedFolder served) served.Workspace.Writes.StartFirstRun();
        await client.RegisterFileWatcherAsync();
    }

    [JsonRpcMethod("shutdown")]
    public object? Shutdown()
    {
        _serving.ShutDown();
        return null;
    }

    [JsonRpcMethod("exit")]
    public void Exit()
    {
        var code = _serving.Lifecycle.State.Phase == FolderPhase.ShutDown ? 0 : 1; // LSP: 0 after a shutdown request, else 1
        Abandon();
        exit.TrySetResult(code);
    }

    /// <summary>Cancels background work and closes the index (at exit, or when the client disappears).</summary>
    [JsonRpcIgnore]
    public void Abandon() => _serving.Abandon();

    // ---- text sync and workspace ----

    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    public void DidOpen(DidOpenTextDocumentParams p)
    {
        switch (_serving.Current)
        {
            case ServedFolder h: h.TextSync.DidOpen(p); break;
            case NotServedFolder n:
                n.Documents.Open(p.TextDocument.Uri, p.TextDocument.Version, p.TextDocument.Text);
                _serving.Reconsider(n, [p.TextDocument.Uri]);
                break;
        }
    }

    [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
    public void DidChange(DidChangeTextDocumentParams p)
    {
        switch (_serving.Current)
        {
            case ServedFolder h: h.TextSync.DidChange(p); break;
            case NotServedFolder n: n.Documents.Change(p.TextDocument.Uri, p.TextDocument.Version, p.ContentChanges); break;
        }
    }

    [JsonRpcMethod("textDocument/didSave", UseSingleObjectParameterDeserialization = true)]
    public void DidSave(DidSaveTextDocumentParams p)
    {
        switch (_serving.Current)
        {
            case ServedFolder h: h.TextSync.DidSave(p); break;
            case NotServedFolder n: _serving.Reconsider(n, [p.TextDocument.Uri]); break;
        }
    }

    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    public void DidClose(DidCloseTextDocumentParams p)
    {
        switch (_serving.Current)
        {
            case ServedFolder h: h.TextSync.DidClose(p); break;
            case NotServedFolder n: n.Documents.Close(p.TextDocument.Uri); break;
        }
    }

    [JsonRpcMethod("workspace/didChangeWatchedFiles", UseSingleObjectParameterDeserialization = true)]
    public void DidChangeWatchedFiles(DidChangeWatchedFilesParams p)
    {
        switch (_serving.Current)
        {
            case ServedFolder h: h.WatchedFiles.Handle(p); break;
            case NotServedFolder n: _serving.Reconsider(n, (p?.Changes ?? []).Where(c => c.Type == FileChangeType.Created).Select(c => c.Uri)); break;
        }
    }

    [JsonRpcMethod("workspace/didChangeConfiguration", UseSingleObjectParameterDeserialization = true)]
    public async Task DidChangeConfigurationAsync(DidChangeConfigurationParams p)
    {
        if (_serving.Lifecycle.State.Phase == FolderPhase.Judging) return;
        // Clients that support workspace/configuration send an empty notification and expect a pull; with neither a
        // pull nor settings in the notification there is nothing to go by (not: every setting back to its default).
        if ((await client.ConfigurationAsync() ?? p?.Settings) is not { } settings) return;
        _serving.Apply(_initial.With(settings));
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
    public Task<object?> ExecuteCommandAsync(ExecuteCommandParams p, CancellationToken ct) => Rpc(() => p is { Command: JournalMethods.ImportCommand }
        ? State switch
        {
            ServedFolder served => served.Commands.HandleAsync(p, ct),
            NotServedFolder notServed => ImportInto(notServed, p),
            _ => throw new JournalException("the folder is not ready"),
        }
        : Journal.Commands.HandleAsync(p, ct));

    // An import into a folder not served (an empty one, say): the files are written, then the folder is judged again.
    private async Task<object?> ImportInto(NotServedFolder notServed, ExecuteCommandParams p)
    {
        var result = await Task.Run(() => CommandHandler.Import(notServed.Folder, p.Arguments ?? []));
        _serving.Reconsider(notServed, result.Files.Select(f => new Uri(Path.Combine(notServed.Folder, f)).AbsoluteUri));
        return result;
    }

    // ---- journal extensions (docs/lsp-extensions.md) ----

    [JsonRpcMethod(JournalMethods.Search, UseSingleObjectParameterDeserialization = true)]
    public Task<JournalResult[]> SearchAsync(SearchParams p, CancellationToken ct) => Rpc(() => Journal.Ask.HandleAsync(p, ct));

    [JsonRpcMethod(JournalMethods.Similar, UseSingleObjectParameterDeserialization = true)]
    public Task<JournalResult[]> SimilarAsync(SimilarParams p, CancellationToken ct) => Rpc(() => Journal.Similar.HandleAsync(p, ct));

    [JsonRpcMethod(JournalMethods.Understand, UseSingleObjectParameterDeserialization = true)]
    public Task<UnderstandResult> UnderstandAsync(SearchParams p, CancellationToken ct) => Rpc(() => Journal.Ask.UnderstandAsync(p, ct));

    [JsonRpcMethod(JournalMethods.Themes, UseSingleObjectParameterDeserialization = true)]
    public Task<ThemesResult> ThemesAsync(ThemesParams p, CancellationToken ct) => Rpc(() => Journal.Themes.HandleAsync(p, ct));

    [JsonRpcMethod(JournalMethods.Review, UseSingleObjectParameterDeserialization = true)]
    public Task<ReviewResult> ReviewAsync(ReviewParams p, CancellationToken ct) => Rpc(() => Journal.Review.HandleAsync(p, ct));

    [JsonRpcMethod(JournalMethods.Timeline, UseSingleObjectParameterDeserialization = true)]
    public Task<TimelineResult> TimelineAsync(TimelineParams p, CancellationToken ct) => Rpc(() => Journal.Timeline.HandleAsync(p, ct));

    [JsonRpcMethod(JournalMethods.Status)]
    public Task<StatusResult> StatusAsync(CancellationToken ct) => Rpc(() => State switch
    {
        ServedFolder served => served.Status.HandleAsync(ct),
        var state => Task.FromResult(StatusHandler.NotServed(((NotServedFolder)state).Folder, ((NotServedFolder)state).Reason)),
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
