using System.Text;
using Nerdbank.Streams;
using System.Text.Json;
using JournalLsp.Indexing;
using JournalLsp.Server.Lsp;

namespace JournalLsp.Server.Tests;

/// <summary>
/// The first message read ahead of JSON-RPC (ReadAheadInput) and the head start begun from it (HeadStart): JSON-RPC
/// still reads every byte, and only an initialize for a served folder with an index begins loading it.
/// </summary>
public sealed class HeadStartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("journal-lsp-headstart-").FullName;

    private static byte[] Frame(string json) => Encoding.UTF8.GetBytes($"Content-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}");

    private static async Task<(byte[] Read, string? Seen)> ReadAll(byte[] input)
    {
        string? seen = null;
        await using var stream = new ReadAheadInput(new MemoryStream(input), m => seen = Encoding.UTF8.GetString(m.Span));
        var read = new MemoryStream();
        var buffer = new byte[7]; // small reads: the first message's bytes come over several
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0) read.Write(buffer, 0, n);
        return (read.ToArray(), seen);
    }

    [Fact]
    public async Task Json_rpc_reads_every_byte_and_the_first_message_is_seen_before()
    {
        var first = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file:///tmp/é"}}""";
        byte[] input = [.. Frame(first), .. Frame("""{"jsonrpc":"2.0","method":"initialized","params":{}}""")];
        var (read, seen) = await ReadAll(input);
        Assert.Equal(input, read);
        Assert.Equal(first, seen);
    }

    [Fact]
    public void The_bytes_come_the_same_through_synchronous_reads()
    {
        byte[] input = [.. Frame("""{"jsonrpc":"2.0","id":1,"method":"shutdown"}"""), .. Frame("""{"jsonrpc":"2.0","method":"exit"}""")];
        using var stream = new ReadAheadInput(new MemoryStream(input), _ => { });
        var read = new MemoryStream();
        var buffer = new byte[5];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) read.Write(buffer, 0, n);
        Assert.Equal(input, read.ToArray());
    }

    [Theory]
    [InlineData("\n")]   // headers ended by \n alone, as the message handler accepts them
    [InlineData("\r\n")]
    public async Task The_first_message_is_read_while_the_client_waits_for_the_answer(string newline)
    {
        // The client sends initialize and waits: no end of input comes to end a read.
        var (client, server) = FullDuplexStream.CreatePair();
        var content = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}""";
        var frame = Encoding.UTF8.GetBytes($"\r\nContent-Length: {content.Length}{newline}Content-Type: x{newline}{newline}{content}");
        await client.WriteAsync(frame);
        await client.FlushAsync();
        string? seen = null;
        await using var stream = new ReadAheadInput(server, m => seen = Encoding.UTF8.GetString(m.Span));
        var read = new MemoryStream();
        var buffer = new byte[64];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (read.Length < frame.Length) read.Write(buffer, 0, await stream.ReadAsync(buffer, timeout.Token));
        Assert.Equal(frame, read.ToArray());
        Assert.Equal(content, seen);
    }

    [Theory]
    [InlineData("Content-Type: application/json\r\n\r\n{}")] // no length
    [InlineData("Content-Length: 40\r\n\r\n{\"jsonrpc\":\"2.0\"}")] // shorter than it says
    [InlineData("Content-Length: 12")] // the input ends in the headers
    [InlineData("")]
    public async Task A_first_message_that_is_not_a_whole_frame_is_handed_on_unread(string text)
    {
        var input = Encoding.UTF8.GetBytes(text);
        var (read, seen) = await ReadAll(input);
        Assert.Equal(input, read);
        Assert.Null(seen);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"shutdown"}""", true, false)]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"FOLDER"}}""", false, false)] // no index there
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"FOLDER","initializationOptions":{"enabled":false}}}""", true, false)]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"file:///no/such/folder"}}""", true, false)]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":""", true, false)] // not JSON
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"FOLDER"}}""", true, true)]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"workspaceFolders":[{"uri":"FOLDER","name":"j"}],"initializationOptions":{"indexLocation":"x.db"}}}""", true, true)]
    public void Only_an_initialize_for_a_folder_whose_index_exists_begins_a_head_start(string message, bool indexExists, bool begins)
    {
        var opened = new List<(string Folder, ServerSettings Settings)>();
        JournalEngine Open(string folder, ServerSettings settings)
        {
            lock (opened) opened.Add((folder, settings));
            throw new InvalidOperationException("not opened in this test");
        }
        var uri = new Uri(_folder).AbsoluteUri;
        var start = HeadStart.FromFirstMessage(Encoding.UTF8.GetBytes(message.Replace("FOLDER", uri)), Open, (_, _) => indexExists);
        Assert.Equal(begins, start is not null);
        if (start is null) return;
        Assert.Equal(_folder, start.Folder);
        Assert.True(start.Opens(_folder, start.Settings));
        Assert.False(start.Opens(Path.GetTempPath(), start.Settings)); // another folder
        Assert.False(start.Opens(_folder, start.Settings with { Model = "snowflake-arctic-embed-xs" })); // another index: not this head start's
        Assert.Throws<InvalidOperationException>(() => start.Opening.GetAwaiter().GetResult()); // it did go to open the engine
        Assert.Equal(_folder, Assert.Single(opened).Folder);
    }

    [Fact]
    public async Task The_engine_opened_from_the_first_message_is_the_one_served()
    {
        // A journal of a few days and its index: the server opens the engine from the initialize message read ahead,
        // and initialize takes that engine rather than opening a second one.
        var journal = Directory.CreateDirectory(Path.Combine(_folder, "journal")).FullName;
        foreach (var day in new[] { "2024-03-01", "2024-03-02", "2024-03-03" })
            File.WriteAllText(Path.Combine(journal, day + ".md"), $"# {day}\n\nPlanted the broad beans in the rain.\n");
        var index = Path.Combine(_folder, "index.db");
        var opened = 0;
        var (client, server) = FullDuplexStream.CreatePair();
        var running = Task.Run(() => LanguageServer.RunAsync(server, server, (folder, _) =>
        {
            Interlocked.Increment(ref opened);
            return JournalEngine.Open(new JournalEngineOptions { JournalFolder = folder, IndexPath = index });
        }, (_, _) => true));
        var formatter = new StreamJsonRpc.SystemTextJsonFormatter { JsonSerializerOptions = ClientJson.Options };
        using var rpc = new StreamJsonRpc.JsonRpc(new StreamJsonRpc.HeaderDelimitedMessageHandler(client, client, formatter));
        rpc.StartListening();
        await rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", new { rootUri = new Uri(journal).AbsoluteUri, capabilities = new { } });
        await rpc.InvokeWithParameterObjectAsync<JsonElement>("shutdown", new { });
        await rpc.NotifyWithParameterObjectAsync("exit", new { });
        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, opened);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
