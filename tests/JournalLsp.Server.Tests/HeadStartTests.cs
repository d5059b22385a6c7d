using System.Text;
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
        Assert.False(start.Opens(_folder, start.Settings with { Model = "snowflake-arctic-embed-xs" })); // another index: not this head start's
        Assert.Throws<InvalidOperationException>(() => start.Opening.GetAwaiter().GetResult()); // it did go to open the engine
        Assert.Equal(_folder, Assert.Single(opened).Folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
