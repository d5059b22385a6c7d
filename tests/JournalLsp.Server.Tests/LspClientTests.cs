using System.Collections.Concurrent;
using System.Text.Json;
using JournalLsp.Server.Lsp;
using JournalLsp.Server.Protocol;
using Nerdbank.Streams;
using StreamJsonRpc;

namespace JournalLsp.Server.Tests;

/// <summary>The server's messages to the client around <c>initialized</c>, over in-memory pipes.</summary>
public sealed class LspClientTests
{
    private sealed class Peer
    {
        public BlockingCollection<(int Type, string Message)> Logs { get; } = [];

        [JsonRpcMethod("window/logMessage", UseSingleObjectParameterDeserialization = true)]
        public void LogMessage(JsonElement p) => Logs.Add((p.GetProperty("type").GetInt32(), p.GetProperty("message").GetString()!));
    }

    private static (LspClient Client, Peer Peer, IDisposable Pipes) Connect()
    {
        var (serverStream, peerStream) = FullDuplexStream.CreatePair();
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = LspJson.Options }; // the server's side: its contracts alone
        var server = new JsonRpc(new HeaderDelimitedMessageHandler(serverStream, serverStream, formatter));
        var peerRpc = new JsonRpc(new HeaderDelimitedMessageHandler(peerStream, peerStream, new SystemTextJsonFormatter()));
        var peer = new Peer();
        peerRpc.AddLocalRpcTarget(peer);
        peerRpc.StartListening();
        server.StartListening();
        return (new LspClient(server), peer, new Both(server, peerRpc));
    }

    private sealed class Both(IDisposable a, IDisposable b) : IDisposable
    {
        public void Dispose()
        {
            a.Dispose();
            b.Dispose();
        }
    }

    private static (int, string) Next(Peer peer) =>
        peer.Logs.TryTake(out var log, TimeSpan.FromSeconds(10)) ? log : throw new TimeoutException("no window/logMessage came");

    [Fact]
    public void Logs_written_before_initialized_are_sent_after_it_in_order_and_later_ones_follow()
    {
        var (client, peer, pipes) = Connect();
        using var _ = pipes;
        client.Log(MessageType.Info, "index loaded: 3 entries in 2 ms");
        client.Log(MessageType.Warning, "closed the index, opened while the folder was judged");
        Assert.False(peer.Logs.TryTake(out var early, TimeSpan.FromMilliseconds(200)), $"sent before initialized: {early}");

        client.MarkInitialized();
        client.Log(MessageType.Info, "journal served");
        Assert.Equal((MessageType.Info, "index loaded: 3 entries in 2 ms"), Next(peer));
        Assert.Equal((MessageType.Warning, "closed the index, opened while the folder was judged"), Next(peer));
        Assert.Equal((MessageType.Info, "journal served"), Next(peer));
    }

    [Fact]
    public void Without_initialized_what_is_held_and_logged_after_goes_to_stderr()
    {
        var (client, peer, pipes) = Connect();
        using var _ = pipes;
        var stderr = new StringWriter();
        var was = Console.Error;
        Console.SetError(stderr);
        try
        {
            client.Log(MessageType.Info, "index loaded: 3 entries in 2 ms");
            client.WriteHeldToStderr(); // the client went away before initialized
            client.Log(MessageType.Info, "closed the index, opened while the folder was judged");
        }
        finally
        {
            Console.SetError(was);
        }
        // (Console.Error is the process's: a server of another test may write there meanwhile.)
        var written = stderr.ToString();
        var loaded = written.IndexOf("[journal-lsp] index loaded: 3 entries in 2 ms", StringComparison.Ordinal);
        var closed = written.IndexOf("[journal-lsp] closed the index, opened while the folder was judged", StringComparison.Ordinal);
        Assert.True(loaded >= 0 && closed > loaded, written);
        Assert.Empty(peer.Logs);
    }
}
