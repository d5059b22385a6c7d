using JournalLsp.Server.Protocol;
using StreamJsonRpc;

namespace JournalLsp.Server.Tests;

public sealed class ServerTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("journal-lsp-server-").FullName;
    private string Journal => Path.Combine(_scratch, "journal");
    private string IndexPath => Path.Combine(_scratch, "index.db");

    public ServerTests()
    {
        void Write(string rel, string text)
        {
            var full = Path.Combine(Journal, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        Write("2023/2023-05-01.md", "# 2023-05-01\n\nClimbed the ridge at sunrise and felt truly alive.\n");
        Write("2023/2023-05-20.md", "# 2023-05-20\n\nHiked up the mountain at dawn; the summit glowed and I felt so alive.\n");
        Write("2023/2023-06-02.md", "# 2023-06-02\n\nFiled my taxes and sorted receipts all afternoon.\n");
        Write("2024/2024-01-09.md", "# 2024-01-09\n\nA walk in the hills at first light, cold and glorious.\n");
    }

    [Fact]
    public async Task Requests_before_initialize_are_refused_with_ServerNotInitialized()
    {
        await using var client = LspTestClient.Start(IndexPath);
        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<object>(JournalMethods.Search, new { question = "x" }));
        Assert.Equal(ErrorCodes.ServerNotInitialized, e.ErrorCode);
    }

    [Fact]
    public async Task Unknown_methods_get_MethodNotFound()
    {
        await using var client = LspTestClient.Start(IndexPath);
        var e = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => client.RequestAsync<object>("textDocument/noSuchThing", new { }));
        Assert.Equal(-32601, (int)e.ErrorCode);
    }

    [Fact]
    public async Task Shutdown_then_exit_ends_with_code_0_and_exit_alone_with_1()
    {
        await using (var client = LspTestClient.Start(IndexPath))
        {
            await client.InitializeAsync(Journal);
            await client.RequestAsync<object?>("shutdown", null);
            await client.NotifyAsync("exit");
            Assert.Equal(0, await client.Server.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        await using (var client = LspTestClient.Start(IndexPath))
        {
            await client.InitializeAsync(Journal);
            await client.NotifyAsync("exit");
            Assert.Equal(1, await client.Server.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }

    [Fact]
    public async Task Hover_lists_related_days_with_links()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var uri = new Uri(Path.Combine(Journal, "2023/2023-05-01.md")).AbsoluteUri;
        var hover = await client.RequestAsync<Hover?>("textDocument/hover", new { textDocument = new { uri }, position = new { line = 2, character = 4 } });
        Assert.NotNull(hover);
        Assert.Contains("Related days", hover.Contents.Value);
        // 2023-05-20 and 2024-01-09 are the dawn-hike days; 2023-05-20 is outside the ±3-day window.
        Assert.Contains("[2023-05-20](", hover.Contents.Value);
        Assert.Contains("2023-05-20.md#L3", hover.Contents.Value);
        Assert.DoesNotContain("[2023-05-01]", hover.Contents.Value);
    }

    [Fact]
    public async Task Journal_search_and_the_ask_command_honour_date_phrases()
    {
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Journal);
        var results = await client.RequestAsync<JournalResult[]>(JournalMethods.Search, new { question = "hiking at dawn in 2024" });
        Assert.Equal("2024-01-09", Assert.Single(results).Date);

        var viaCommand = await client.RequestAsync<JournalResult[]>("workspace/executeCommand", new { command = JournalMethods.AskCommand, arguments = new[] { "paperwork", "2023-01-01", "2023-12-31" } });
        Assert.Equal("2023-06-02", viaCommand[0].Date);
        Assert.All(viaCommand, r => Assert.StartsWith("2023-", r.Date));

        var status = await client.RequestAsync<StatusResult>(JournalMethods.Status, new { });
        Assert.Equal((4, 4, "all-MiniLM-L6-v2"), (status.Files, status.Entries, status.ModelId));
    }

    public void Dispose()
    {
        try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { }
    }
}
