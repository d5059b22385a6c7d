using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using JournalLsp.Indexing;
using JournalLsp.Server.Protocol;
using StreamJsonRpc;

namespace JournalLsp.Server.Lsp;

/// <summary>What the client said it supports in <c>initialize</c>, as far as this server cares.</summary>
/// <param name="WorkDoneProgress">The client shows <c>$/progress</c> of work the server starts (window.workDoneProgress).</param>
/// <param name="WatchedFilesRegistration">The client watches files for the server on request (didChangeWatchedFiles dynamic registration).</param>
/// <param name="Configuration">The client answers <c>workspace/configuration</c>.</param>
/// <param name="CodeLensRefresh">The client redraws lenses on <c>workspace/codeLens/refresh</c>.</param>
/// <param name="HoverMarkdown">
/// Whether hovers may be Markdown: the client's <c>textDocument.hover.contentFormat</c> names "markdown", or names
/// nothing (VS Code, Neovim and Helix name it; eglot without markdown-mode asks for ["plaintext"] and showed raw <c>**</c> and links).
/// </param>
internal sealed record ClientFeatures(bool WorkDoneProgress, bool WatchedFilesRegistration, bool Configuration, bool CodeLensRefresh = false, bool HoverMarkdown = true)
{
    public static ClientFeatures From(JsonElement? capabilities) => new(
        Flag(capabilities, "window", "workDoneProgress"),
        Flag(capabilities, "workspace", "didChangeWatchedFiles", "dynamicRegistration"),
        Flag(capabilities, "workspace", "configuration"),
        Flag(capabilities, "workspace", "codeLens", "refreshSupport"),
        Strings(capabilities, "textDocument", "hover", "contentFormat") is not { } formats || formats.Contains("markdown"));

    private static List<string>? Strings(JsonElement? root, params string[] path) =>
        At(root, path) is { ValueKind: JsonValueKind.Array } node
            ? [.. node.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : null;

    private static bool Flag(JsonElement? root, params string[] path) => At(root, path) is { ValueKind: JsonValueKind.True };

    // The capability at path (each name an object's property), or null where any step is missing.
    private static JsonElement? At(JsonElement? root, string[] path)
    {
        if (root is not { } node) return null;
        foreach (var name in path)
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(name, out node)) return null;
        return node;
    }
}

/// <summary>
/// Messages from the server to the client: logs (see <see cref="Log"/>), progress,
/// capability registration and configuration requests. A client that fails one of these never takes the server down.
/// </summary>
internal sealed class LspClient(JsonRpc rpc)
{
    // Logs written before the client sent `initialized`, held to be sent after it (a bound keeps a client that never
    // sends it from growing the list without end). _gate orders them before any log written once it came.
    private const int MaxHeld = 1000;
    private readonly object _gate = new();
    private readonly List<LogMessageParams> _held = [];
    private volatile bool _initialized;
    private bool _closed; // under _gate: the session is over, and logs go to stderr

    public ClientFeatures Features { get; set; } = new(false, false, false);

    /// <summary>
    /// Set once the client sent <c>initialized</c>: the logs held until then go to <c>window/logMessage</c> in the order
    /// they were written, and every later one follows them.
    /// </summary>
    public void MarkInitialized()
    {
        lock (_gate)
        {
            foreach (var held in _held) Fire(rpc.NotifyLsp("window/logMessage", held));
            _held.Clear();
            _initialized = true;
        }
    }

    /// <summary>
    /// Logs through <c>window/logMessage</c>. What is written before the client has sent <c>initialized</c> (the
    /// index's load, begun while <c>initialize</c> is answered) is held and sent then, so it reaches the same log
    /// whichever finishes first; errors also reach stderr at once. Clients show stderr too, so writing both for every
    /// line would print it twice.
    /// </summary>
    public void Log(int type, string message)
    {
        if (type == MessageType.Error) Console.Error.WriteLine($"[journal-lsp] {message}");
        if (!_initialized)
            lock (_gate)
                if (!_initialized)
                {
                    if (_closed) { if (type != MessageType.Error) Console.Error.WriteLine($"[journal-lsp] {message}"); }
                    else if (_held.Count < MaxHeld) _held.Add(new LogMessageParams(type, message));
                    return;
                }
        Fire(rpc.NotifyLsp("window/logMessage", new LogMessageParams(type, message)));
    }

    /// <summary>
    /// Writes to stderr the logs still held because the client never sent <c>initialized</c> (it went away, or
    /// is not an LSP client), and every log after them, so that nothing said is lost; errors are not written twice.
    /// </summary>
    public void WriteHeldToStderr()
    {
        lock (_gate)
        {
            _closed = true;
            foreach (var held in _held.Where(h => h.Type != MessageType.Error)) Console.Error.WriteLine($"[journal-lsp] {held.Message}");
            _held.Clear();
        }
    }

    /// <summary>
    /// Tells the user (<c>window/showMessage</c>), and logs it too: for what they should know once, such as a damaged
    /// index that is being built again. Before <c>initialized</c> only its log is written (held, see <see cref="Log"/>).
    /// </summary>
    public void Show(int type, string message)
    {
        Log(type, message);
        if (_initialized) Fire(rpc.NotifyLsp("window/showMessage", new ShowMessageParams(type, message)));
    }

    /// <summary>Sends <c>journal/didChangeStatus</c> (the <c>journal/status</c> result) once the client is initialized.</summary>
    public void NotifyStatus(StatusResult status)
    {
        if (_initialized) Fire(rpc.NotifyLsp(JournalMethods.DidChangeStatus, status));
    }

    /// <summary>Asks the client to request code lenses again (<c>workspace/codeLens/refresh</c>) when it supports that.</summary>
    public void RefreshCodeLenses()
    {
        if (_initialized && Features.CodeLensRefresh) Fire(rpc.InvokeAsync("workspace/codeLens/refresh"));
    }

    public async Task RegisterFileWatcherAsync()
    {
        if (!Features.WatchedFilesRegistration) return;
        var registration = new Registration("journal-markdown-watcher", "workspace/didChangeWatchedFiles",
            new DidChangeWatchedFilesRegistrationOptions([.. Core.Journal.JournalFormats.Globs.Select(g => new Protocol.FileSystemWatcher(g))]));
        try { await rpc.RequestLsp("client/registerCapability", new RegistrationParams([registration])); }
        catch (Exception e) when (e is RemoteInvocationException or ConnectionLostException or ObjectDisposedException)
        {
            Log(MessageType.Warning, $"the client refused the file watcher ({e.Message}); files changed outside the editor are picked up at the next start");
        }
    }

    /// <summary>The client's <c>journal</c> settings section, or null when it has none or cannot say.</summary>
    public async Task<JsonElement?> ConfigurationAsync()
    {
        if (!Features.Configuration) return null;
        try
        {
            var sections = await rpc.RequestLsp<JsonElement[]>("workspace/configuration",
                new ConfigurationParams([new ConfigurationItem(Section: "journal")]));
            return sections is [var first, ..] ? first : null;
        }
        catch (Exception e) when (e is RemoteInvocationException or ConnectionLostException or ObjectDisposedException or JsonException)
        {
            Log(MessageType.Warning, $"could not read the client's settings: {e.Message}");
            return null;
        }
    }

    /// <summary>Starts a work-done progress ("Indexing journal") when the client supports it; else a no-op reporter.</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled before the client answers.</exception>
    public async Task<IndexProgressReporter> BeginIndexProgressAsync(CancellationToken cancellationToken)
    {
        if (!Features.WorkDoneProgress) return new IndexProgressReporter(null, null);
        var token = $"journal-index-{Guid.NewGuid():N}";
        try
        {
            // A client that never answers must not hold the run (and so retiring) forever: the run's token ends the
            // wait (the request, cancelled, sends $/cancelRequest but still waits for the client to answer).
            var created = rpc.RequestLsp("window/workDoneProgress/create", new WorkDoneProgressCreateParams(token), cancellationToken);
            Fire(created); // its failure is observed even when the wait below ended first
            await created.WaitAsync(cancellationToken);
            Fire(rpc.NotifyLsp("$/progress", new ProgressParams(token, new WorkDoneProgressBegin("Indexing journal", "scanning files", 0))));
            return new IndexProgressReporter(rpc, token);
        }
        catch (Exception e) when (e is RemoteRpcException or ConnectionLostException or ObjectDisposedException)
        {
            return new IndexProgressReporter(null, null); // a client that refuses the token (even -32601) gets no progress
        }
    }

    internal static void Fire(Task task) => task.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
}

/// <summary>Turns engine progress into <c>$/progress</c> reports: "Indexing journal: 1,234 / 3,413 entries".</summary>
internal sealed class IndexProgressReporter(JsonRpc? rpc, string? token) : IProgress<IndexProgress>
{
    public IndexProgress? Last { get; private set; }

    public void Report(IndexProgress value)
    {
        Last = value;
        if (rpc is null || token is null) return;
        var percent = value.EntriesTotal == 0 ? 100 : (int)(100L * value.EntriesDone / value.EntriesTotal);
        LspClient.Fire(rpc.NotifyLsp("$/progress",
            new ProgressParams(token, new WorkDoneProgressReport($"{value.EntriesDone:N0} / {value.EntriesTotal:N0} entries", percent))));
    }

    public void End(string message)
    {
        if (rpc is null || token is null) return;
        LspClient.Fire(rpc.NotifyLsp("$/progress", new ProgressParams(token, new WorkDoneProgressEnd(message))));
    }
}

/// <summary>
/// Requests and notifications to the client whose params are one object (as every LSP message's are). StreamJsonRpc marks
/// these calls unsafe for trimming because a formatter may read the argument's members by reflection to send them as
/// named arguments; <see cref="SystemTextJsonFormatter"/> writes the argument whole through <see cref="LspJson.Options"/>,
/// whose contracts are generated at build time (<see cref="LspJsonContext"/>), so nothing is reflected over.
/// tests/package/server.test.js sees a client of the Native AOT build get them (logs, progress, configuration).
/// </summary>
internal static class LspRpc
{
    private const string Whole = "SystemTextJsonFormatter serializes the argument whole with LspJson.Options' generated contracts.";

    /// <summary>Sends notification <paramref name="method"/> with <paramref name="argument"/> as its params.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = Whole)]
    public static Task NotifyLsp(this JsonRpc rpc, string method, object argument) => rpc.NotifyWithParameterObjectAsync(method, argument);

    /// <summary>Sends request <paramref name="method"/> and waits for its answer, which it ignores.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = Whole)]
    public static Task RequestLsp(this JsonRpc rpc, string method, object argument, CancellationToken cancellationToken = default) =>
        rpc.InvokeWithParameterObjectAsync(method, argument, cancellationToken);

    /// <summary>Sends request <paramref name="method"/> and returns its answer as a T.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = Whole)]
    public static Task<T> RequestLsp<T>(this JsonRpc rpc, string method, object argument, CancellationToken cancellationToken = default) =>
        rpc.InvokeWithParameterObjectAsync<T>(method, argument, cancellationToken);
}
