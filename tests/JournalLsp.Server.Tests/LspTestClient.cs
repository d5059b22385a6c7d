using System.Text.Json;
using JournalLsp.Indexing;
using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;
using Nerdbank.Streams;
using StreamJsonRpc;

namespace JournalLsp.Server.Tests;

/// <summary>A client talking to the server over in-memory pipes, the way an editor does over stdio.</summary>
internal sealed class LspTestClient : IAsyncDisposable
{
    private readonly JsonRpc _rpc;

    private LspTestClient(JsonRpc rpc, Task<int> server)
    {
        _rpc = rpc;
        Server = server;
    }

    public Task<int> Server { get; }

    public static LspTestClient Start(string indexPath)
    {
        var (clientStream, serverStream) = FullDuplexStream.CreatePair();
        var server = Task.Run(() => LanguageServer.RunAsync(serverStream, serverStream,
            folder => JournalEngine.Open(new JournalEngineOptions { JournalFolder = folder, IndexPath = indexPath })));
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = LspJson.Options };
        var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(clientStream, clientStream, formatter));
        rpc.StartListening();
        return new LspTestClient(rpc, server);
    }

    public Task<T> RequestAsync<T>(string method, object? args) => _rpc.InvokeWithParameterObjectAsync<T>(method, args);

    public Task NotifyAsync(string method, object? args = null) => _rpc.NotifyWithParameterObjectAsync(method, args);

    public async Task InitializeAsync(string folder)
    {
        await RequestAsync<JsonElement>("initialize", new { processId = 1, workspaceFolders = new[] { new { uri = new Uri(folder).AbsoluteUri, name = "journal" } }, capabilities = new { } });
        await NotifyAsync("initialized", new { });
        for (var i = 0; i < 600; i++)
        {
            var status = await RequestAsync<StatusResult>(JournalMethods.Status, new { });
            if (!status.Indexing && status.LastIndexedAt is not null) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("indexing did not finish");
    }

    public async ValueTask DisposeAsync()
    {
        _rpc.Dispose();
        await Task.WhenAny(Server, Task.Delay(5000));
    }
}
