using System.Text.Json;
using JournalLsp.Indexing;
using JournalLsp.Server.Handlers;
using JournalLsp.Server.Protocol;
using StreamJsonRpc;

namespace JournalLsp.Server.Lsp;

/// <summary>
/// The route table: one line per LSP method, each handing over to a handler. Requests before <c>initialize</c>
/// are refused with ServerNotInitialized (-32002); methods not listed get MethodNotFound (-32601) from StreamJsonRpc.
/// </summary>
internal sealed class LspTarget(Func<string, JournalEngine> openEngine, TaskCompletionSource<int> exit)
{
    private JournalWorkspace? _workspace;
    private HoverHandler? _hover;
    private SearchHandler? _search;
    private bool _shutdown;

    private JournalWorkspace Workspace => _workspace
        ?? throw new LocalRpcException("the server is not initialized") { ErrorCode = ErrorCodes.ServerNotInitialized };

    // ---- lifecycle ----

    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Initialize(InitializeParams p)
    {
        var folderUri = p.WorkspaceFolders?.FirstOrDefault()?.Uri ?? p.RootUri
            ?? throw new LocalRpcException("open a folder: the journal is the workspace folder") { ErrorCode = ErrorCodes.InvalidParams };
        var folder = Conversions.ToPath(folderUri)
            ?? throw new LocalRpcException($"not a file URI: {folderUri}") { ErrorCode = ErrorCodes.InvalidParams };
        _workspace = new JournalWorkspace(openEngine(folder));
        _hover = new HoverHandler(_workspace);
        _search = new SearchHandler(_workspace);
        return new InitializeResult(
            new ServerCapabilities(TextDocumentSync: 1, HoverProvider: true, new ExecuteCommandOptions([JournalMethods.AskCommand])),
            new ServerInfo("journal-lsp", typeof(LspTarget).Assembly.GetName().Version?.ToString() ?? "0"));
    }

    [JsonRpcMethod("initialized")]
    public void Initialized() => _ = Workspace.IndexAsync(null, CancellationToken.None);

    [JsonRpcMethod("shutdown")]
    public object? Shutdown()
    {
        _shutdown = true;
        return null;
    }

    [JsonRpcMethod("exit")]
    public void Exit()
    {
        _workspace?.Dispose();
        exit.TrySetResult(_shutdown ? 0 : 1);
    }

    // ---- language features ----

    [JsonRpcMethod("textDocument/hover", UseSingleObjectParameterDeserialization = true)]
    public Task<Hover?> Hover(TextDocumentPositionParams p, CancellationToken ct)
    {
        _ = Workspace;
        return _hover!.HandleAsync(p, ct);
    }

    [JsonRpcMethod("workspace/executeCommand", UseSingleObjectParameterDeserialization = true)]
    public async Task<object?> ExecuteCommand(ExecuteCommandParams p, CancellationToken ct)
    {
        _ = Workspace;
        return p.Command switch
        {
            JournalMethods.AskCommand when p.Arguments is [var question, ..] =>
                await _search!.HandleAsync(new SearchParams(question.GetString() ?? "",
                    p.Arguments.Length > 1 ? p.Arguments[1].GetString() : null,
                    p.Arguments.Length > 2 ? p.Arguments[2].GetString() : null), ct),
            _ => throw new LocalRpcException($"unknown command or arguments: {p.Command}") { ErrorCode = ErrorCodes.InvalidParams },
        };
    }

    // ---- journal extensions (docs/lsp-extensions.md) ----

    [JsonRpcMethod(JournalMethods.Search, UseSingleObjectParameterDeserialization = true)]
    public Task<JournalResult[]> Search(SearchParams p, CancellationToken ct)
    {
        _ = Workspace;
        return _search!.HandleAsync(p, ct);
    }

    [JsonRpcMethod(JournalMethods.Status)]
    public StatusResult Status()
    {
        var w = Workspace;
        var s = w.LastSummary;
        return new StatusResult(w.Folder, w.IndexPath, w.ModelId, w.Indexing, s?.Files ?? 0, s?.Entries ?? 0, s?.Chunks ?? 0,
            s?.Skipped.Select(k => new SkippedFileInfo(k.Path, k.Reason)).ToArray() ?? [], w.LastIndexedAt?.ToString("O"));
    }

}
