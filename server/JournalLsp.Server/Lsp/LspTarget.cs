using JournalLsp.Indexing;
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
internal sealed class LspTarget(EngineFactory openEngine, LspClient client, TaskCompletionSource<int> exit)
{
    private Handlers? _handlers;
    private bool _shutdown;

    private sealed record Handlers(
        JournalWorkspace Workspace, TextSyncHandler TextSync, WatchedFilesHandler WatchedFiles, HoverHandler Hover,
        CodeLensHandler CodeLens, CommandHandler Commands, SearchHandler Search, SimilarHandler Similar, StatusHandler Status);

    // After shutdown every request but exit is refused with InvalidRequest, as LSP 3.17 asks ("Shutdown Request").
    private Handlers Ready => _shutdown
        ? throw new LocalRpcException("the server is shutting down: only exit is expected now") { ErrorCode = ErrorCodes.InvalidRequest }
        : _handlers ?? throw new LocalRpcException("the server is not initialized") { ErrorCode = ErrorCodes.ServerNotInitialized };

    // ---- lifecycle ----

    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Initialize(InitializeParams p)
    {
        if (_handlers is not null) throw new LocalRpcException("initialize was already sent") { ErrorCode = ErrorCodes.InvalidRequest };
        var folderUri = p.WorkspaceFolders?.FirstOrDefault()?.Uri ?? p.RootUri;
        var folder = folderUri is null ? p.RootPath : Conversions.ToPath(folderUri)
            ?? throw InvalidParams($"not a file URI: {folderUri}");
        if (folder is null) throw InvalidParams("open a folder: the journal is the workspace folder");
        if (!Directory.Exists(folder)) throw InvalidParams($"the workspace folder does not exist: {folder}");
        if (p.WorkspaceFolders is { Length: > 1 })
            client.Log(MessageType.Warning, $"{p.WorkspaceFolders.Length} workspace folders: the journal is the first, {folder}");

        client.Features = ClientFeatures.From(p.Capabilities);
        var settings = ServerSettings.Default.With(p.InitializationOptions);
        var workspace = new JournalWorkspace(openEngine(folder, settings), settings, client);
        workspace.Warm(); // before the handlers are published: initialized, however early, finds the load begun
        _handlers = new Handlers(workspace, new TextSyncHandler(workspace), new WatchedFilesHandler(workspace),
            new HoverHandler(workspace), new CodeLensHandler(workspace), new CommandHandler(workspace),
            new SearchHandler(workspace), new SimilarHandler(workspace), new StatusHandler(workspace));
        _ = Task.Run(Warmup);

        return new InitializeResult(
            new ServerCapabilities(
                new TextDocumentSyncOptions(OpenClose: true, Change: 2, new SaveOptions(IncludeText: false)),
                HoverProvider: true, new CodeLensOptions(ResolveProvider: true), new ExecuteCommandOptions(CommandHandler.Commands)),
            new ServerInfo("journal-lsp", typeof(LspTarget).Assembly.GetName().Version?.ToString() ?? "0"));
    }

    // The first hover parses a document and ranks: JIT-compiling Markdig's and YamlDotNet's paths and the ranking loops
    // took 60-70 ms and 30-40 ms of it on 2 cores busy indexing (first hovers of 93-99 ms, 36-51 ms after this).
    // Doing that once now, while the client is still sending initialized, keeps the first hover quick.
    private static void Warmup()
    {
        try
        {
            _ = Core.Journal.JournalParser.Parse("warmup.md", "---\ndate: 2024-01-01\n---\n# 2024-01-01\n\nA line [[2024-01-02]].\n\n## 2024-01-02\n\nAnother.\n");
            _ = HoverHandler.DateAt("A line [[2024-01-02]].", new Position(0, 10));
            const int d = 384;
            var vectors = new float[2 * d];
            vectors[0] = vectors[d + 1] = 1;
            var corpus = new Core.Search.SearchCorpus(
                [new(1, "a.md", new DateOnly(2024, 1, 1), 0, 1, "a"), new(2, "b.md", new DateOnly(2024, 2, 1), 0, 1, "b")],
                [new(1, 0, 0, 1), new(2, 1, 0, 1)], vectors, d);
            // What a hover runs: similar days with relatedness and fusion, and a question's window ranking.
            _ = Core.Search.SimilarDays.Rank(corpus, 0, 10, 3, 0.1, _ => null, DateTimeOffset.UnixEpoch, _ => [new(1, 1, 1f)]);
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
        var h = Ready;
        client.MarkInitialized();
        client.Log(MessageType.Info, $"journal {h.Workspace.Folder}, index {h.Workspace.Engine.IndexPath}");
        if (await client.ConfigurationAsync() is { } configured) h.Workspace.ApplySettings(h.Workspace.Settings.With(configured));
        h.Workspace.StartIndexing();
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
        Abandon();
        exit.TrySetResult(_shutdown ? 0 : 1);
    }

    /// <summary>Cancels background work and closes the index (at exit, or when the client disappears).</summary>
    [JsonRpcIgnore]
    public void Abandon()
    {
        var handlers = Interlocked.Exchange(ref _handlers, null);
        handlers?.Workspace.Dispose();
    }

    // ---- text sync and workspace ----

    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    public void DidOpen(DidOpenTextDocumentParams p) => _handlers?.TextSync.DidOpen(p);

    [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
    public void DidChange(DidChangeTextDocumentParams p) => _handlers?.TextSync.DidChange(p);

    [JsonRpcMethod("textDocument/didSave", UseSingleObjectParameterDeserialization = true)]
    public void DidSave(DidSaveTextDocumentParams p) => _handlers?.TextSync.DidSave(p);

    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    public void DidClose(DidCloseTextDocumentParams p) => _handlers?.TextSync.DidClose(p);

    [JsonRpcMethod("workspace/didChangeWatchedFiles", UseSingleObjectParameterDeserialization = true)]
    public void DidChangeWatchedFiles(DidChangeWatchedFilesParams p) => _handlers?.WatchedFiles.Handle(p);

    [JsonRpcMethod("workspace/didChangeConfiguration", UseSingleObjectParameterDeserialization = true)]
    public async Task DidChangeConfigurationAsync(DidChangeConfigurationParams p)
    {
        if (_handlers is not { } h) return;
        // Clients that support workspace/configuration send an empty notification and expect a pull.
        var settings = await client.ConfigurationAsync() ?? p.Settings;
        h.Workspace.ApplySettings(h.Workspace.Settings.With(settings));
    }

    // ---- language features ----

    [JsonRpcMethod("textDocument/hover", UseSingleObjectParameterDeserialization = true)]
    public Task<Hover?> HoverAsync(TextDocumentPositionParams p, CancellationToken ct) => Rpc(() => Ready.Hover.HandleAsync(p, ct));

    [JsonRpcMethod("textDocument/codeLens", UseSingleObjectParameterDeserialization = true)]
    public Task<CodeLens[]> CodeLensAsync(CodeLensParams p, CancellationToken ct) => Rpc(() => Ready.CodeLens.HandleAsync(p, ct));

    [JsonRpcMethod("codeLens/resolve", UseSingleObjectParameterDeserialization = true)]
    public Task<CodeLens> CodeLensResolveAsync(CodeLens p, CancellationToken ct) => Rpc(() => Ready.CodeLens.ResolveAsync(p, ct));

    [JsonRpcMethod("workspace/executeCommand", UseSingleObjectParameterDeserialization = true)]
    public Task<object?> ExecuteCommandAsync(ExecuteCommandParams p, CancellationToken ct) => Rpc(() => Ready.Commands.HandleAsync(p, ct));

    // ---- journal extensions (docs/lsp-extensions.md) ----

    [JsonRpcMethod(JournalMethods.Search, UseSingleObjectParameterDeserialization = true)]
    public Task<JournalResult[]> SearchAsync(SearchParams p, CancellationToken ct) => Rpc(() => Ready.Search.HandleAsync(p, ct));

    [JsonRpcMethod(JournalMethods.Similar, UseSingleObjectParameterDeserialization = true)]
    public Task<JournalResult[]> SimilarAsync(SimilarParams p, CancellationToken ct) => Rpc(() => Ready.Similar.HandleAsync(p, ct));

    [JsonRpcMethod(JournalMethods.Status)]
    public Task<StatusResult> StatusAsync(CancellationToken ct) => Rpc(() => Ready.Status.HandleAsync(ct));

    // ---- the protocol boundary: the only place RPC errors are made ----

    // Handlers throw InvalidParamsException and JournalException; here they become InvalidParams (-32602) and
    // RequestFailed (-32803). Anything else surfaces as StreamJsonRpc's generic error, with its message.
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
        catch (JournalException e)
        {
            throw new LocalRpcException(e.Message) { ErrorCode = ErrorCodes.RequestFailed };
        }
    }

    private static LocalRpcException InvalidParams(string message) => new(message) { ErrorCode = ErrorCodes.InvalidParams };
}
