using System.Collections.Concurrent;
using System.Text.Json;
using JournalLsp.Indexing;
using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;
using Nerdbank.Streams;
using StreamJsonRpc;

namespace JournalLsp.Server.Tests;

/// <summary>
/// A client talking to the server over in-memory pipes, the way an editor does over stdio. It answers the server's
/// requests (progress tokens, capability registration, configuration) and records what the server sent.
/// </summary>
internal sealed class LspTestClient : IAsyncDisposable
{
    private readonly JsonRpc _rpc;

    private LspTestClient(JsonRpc rpc, Task<int> server, ClientSide side, Stream raw)
    {
        _rpc = rpc;
        Server = server;
        Side = side;
        Raw = raw;
    }

    public Task<int> Server { get; }

    /// <summary>What the server sent to the client.</summary>
    public ClientSide Side { get; }

    /// <summary>The client's end of the pipe, for tests that write broken frames themselves.</summary>
    public Stream Raw { get; }

    public static LspTestClient Start(string indexPath, JsonElement? configuration = null)
    {
        var (clientStream, serverStream) = FullDuplexStream.CreatePair();
        var server = Task.Run(() => LanguageServer.RunAsync(serverStream, serverStream,
            (folder, _) => JournalEngine.Open(new JournalEngineOptions { JournalFolder = folder, IndexPath = indexPath }),
            (_, _) => File.Exists(indexPath))); // as in production: an index there opens and loads while the folder is judged
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = ClientJson.Options };
        var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(clientStream, clientStream, formatter));
        var side = new ClientSide(configuration);
        rpc.AddLocalRpcTarget(side);
        rpc.StartListening();
        return new LspTestClient(rpc, server, side, clientStream);
    }

    public Task<T> RequestAsync<T>(string method, object? args, CancellationToken cancellationToken = default) =>
        _rpc.InvokeWithParameterObjectAsync<T>(method, args, cancellationToken);

    public Task NotifyAsync(string method, object? args = null) => _rpc.NotifyWithParameterObjectAsync(method, args);

    public static object Capabilities(bool all = true) => all
        ? new
        {
            window = new { workDoneProgress = true },
            workspace = new { configuration = true, didChangeWatchedFiles = new { dynamicRegistration = true }, codeLens = new { refreshSupport = true } },
        }
        : new { };

    /// <summary>initialize + initialized, then waits until the first indexing run has ended.</summary>
    public async Task InitializeAsync(string folder, object? capabilities = null, object? initializationOptions = null)
    {
        await RequestAsync<JsonElement>("initialize", new
        {
            processId = 1,
            workspaceFolders = new[] { new { uri = new Uri(folder).AbsoluteUri, name = "journal" } },
            capabilities = capabilities ?? Capabilities(false),
            initializationOptions,
        });
        await NotifyAsync("initialized", new { });
        await WaitUntilIndexedAsync();
    }

    public Task WaitUntilIndexedAsync() =>
        WaitUntilIndexedAsync(() => RequestAsync<StatusResult>(JournalMethods.Status, new { }), 120_000);

    /// <summary>Polls <paramref name="status"/> every 100 ms until the first indexing run has ended (or the folder is not served: none will run).</summary>
    /// <exception cref="TimeoutException">After <paramref name="timeoutMs"/>.</exception>
    public static async Task<StatusResult> WaitUntilIndexedAsync(Func<Task<StatusResult>> status, int timeoutMs)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var s = await status();
            if (!s.Indexing && (s.LastIndexedAt is not null || !s.Active)) return s;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("indexing did not finish");
            await Task.Delay(100);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (background re-indexing is asynchronous).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, int timeoutMs = 30_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var value = await probe();
            if (condition(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _rpc.Dispose();
        await Task.WhenAny(Server, Task.Delay(5000));
    }

    /// <summary>The client's side of server-to-client traffic.</summary>
    public sealed class ClientSide(JsonElement? configuration)
    {
        public ConcurrentQueue<string> Logs { get; } = new();
        public ConcurrentQueue<JsonElement> Progress { get; } = new();
        public ConcurrentQueue<string> ProgressTokens { get; } = new();
        public ConcurrentQueue<JsonElement> Registrations { get; } = new();
        public ConcurrentQueue<StatusResult> Statuses { get; } = new();
        public int CodeLensRefreshes;

        [JsonRpcMethod(JournalMethods.DidChangeStatus, UseSingleObjectParameterDeserialization = true)]
        public void DidChangeStatus(StatusResult p) => Statuses.Enqueue(p);

        [JsonRpcMethod("workspace/codeLens/refresh")]
        public object? RefreshCodeLenses()
        {
            Interlocked.Increment(ref CodeLensRefreshes);
            return null;
        }

        [JsonRpcMethod("window/logMessage", UseSingleObjectParameterDeserialization = true)]
        public void LogMessage(JsonElement p) => Logs.Enqueue(p.GetProperty("message").GetString()!);

        [JsonRpcMethod("window/workDoneProgress/create", UseSingleObjectParameterDeserialization = true)]
        public object? CreateProgress(JsonElement p)
        {
            ProgressTokens.Enqueue(p.GetProperty("token").GetString()!);
            return null;
        }

        [JsonRpcMethod("$/progress", UseSingleObjectParameterDeserialization = true)]
        public void OnProgress(JsonElement p) => Progress.Enqueue(p.Clone());

        [JsonRpcMethod("client/registerCapability", UseSingleObjectParameterDeserialization = true)]
        public object? Register(JsonElement p)
        {
            Registrations.Enqueue(p.Clone());
            return null;
        }

        [JsonRpcMethod("workspace/configuration", UseSingleObjectParameterDeserialization = true)]
        public JsonElement?[] Configuration(JsonElement p) => [configuration];
    }
}
