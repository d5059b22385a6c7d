using System.Text.Json;
using JournalLsp.Server.Protocol;
using StreamJsonRpc;

namespace JournalLsp.Server.Tests;

/// <summary>
/// Journal-aware activation: the server serves a folder whose Markdown files are mostly dated, or where
/// <c>journal.enabled</c> is true, and leaves anything else alone: no index file, no hovers, no lenses, and requests
/// that say why.
/// </summary>
public sealed class ActivationTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("journal-lsp-activation-").FullName;
    private string Folder => Path.Combine(_scratch, "folder");
    private string IndexPath => Path.Combine(_scratch, "index.db");
    private string Uri(string relative) => new Uri(Path.Combine(Folder, relative)).AbsoluteUri;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private void Write(string relative, string text)
    {
        var full = Path.Combine(Folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    // A small code repository, as this one's own Markdown reads: a README, a keep-a-changelog CHANGELOG, docs.
    private void WriteCodeRepository()
    {
        Write("README.md", "# journal-lsp\n\nA language server. Build it with `dotnet build`.\n");
        Write("CHANGELOG.md", "# Changelog\n\n## [1.1.0] - 2026-11-02\n\n- Faster hovers.\n\n## [1.0.0] - 2026-10-01\n\n- First release.\n");
        Write("docs/usage.md", "# Usage\n\nRun `journal-lsp ask`.\n");
        Write("src/Program.cs", "class Program { }\n");
    }

    private void WriteJournal()
    {
        Write("README.md", "# My journal\n");
        Write("2024/2024-05-01.md", "# 2024-05-01\n\nClimbed the ridge at sunrise and felt truly alive.\n");
        Write("2024/2024-05-20.md", "# 2024-05-20\n\nHiked up the mountain at dawn; see 2024-05-01.\n");
        Write("2023/2023-05-20.md", "# 2023-05-20\n\nRain all day, a good book.\n"); // "On this day" for 2024-05-20
    }

    private static Task<StatusResult> StatusAsync(LspTestClient client) => client.RequestAsync<StatusResult>("journal/status", null);

    private static async Task<string> FailureOf(Func<Task> request)
    {
        var e = await Assert.ThrowsAsync<RemoteInvocationException>(request);
        Assert.Equal(-32803, e.ErrorCode); // RequestFailed
        return e.Message;
    }

    [Fact]
    public async Task A_code_repository_gets_no_index_no_hovers_no_lenses_and_requests_that_say_why()
    {
        WriteCodeRepository();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Folder);

        var status = await StatusAsync(client);
        Assert.False(status.Active);
        Assert.Equal("This folder does not look like a journal (0 of 3 journal files are dated), so nothing is indexed. " +
            "Enable it with the setting enabled: true (journalLsp.enabled in VS Code, initializationOptions { \"enabled\": true } in other editors).", status.Reason);
        Assert.Equal((0, ""), (status.Files, status.IndexPath));
        Assert.False(File.Exists(IndexPath));
        Assert.Null(await client.RequestAsync<Hover?>("textDocument/hover", new { textDocument = new { uri = Uri("README.md") }, position = new { line = 2, character = 3 } }));
        Assert.Empty(await client.RequestAsync<CodeLens[]>("textDocument/codeLens", new { textDocument = new { uri = Uri("CHANGELOG.md") } }));
        Assert.Equal(status.Reason, await FailureOf(() => client.RequestAsync<JsonElement>("journal/search", new { question = "faster hovers" })));
        Assert.Equal(status.Reason, await FailureOf(() => client.RequestAsync<JsonElement>("workspace/executeCommand", new { command = "journal.reindex", arguments = Array.Empty<object>() })));
        Assert.Contains(status.Reason, client.Side.Logs);
        Assert.False(File.Exists(IndexPath));
    }

    [Fact]
    public async Task Turning_journal_enabled_on_serves_the_folder_at_once_and_off_again_stops()
    {
        WriteCodeRepository();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Folder);
        Assert.False((await StatusAsync(client)).Active);

        // A client without workspace/configuration sends the settings in the notification.
        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { journal = new { enabled = true } } });
        var served = await LspTestClient.EventuallyAsync(() => StatusAsync(client), s => s is { Active: true, Indexing: false, Files: 3 });
        Assert.Equal("the setting enabled is true", served.Reason);
        Assert.True(File.Exists(IndexPath));

        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { journal = new { enabled = false } } });
        var off = await LspTestClient.EventuallyAsync(() => StatusAsync(client), s => !s.Active);
        Assert.Equal("Journal features are off for this folder: the setting enabled is false.", off.Reason);
    }

    [Fact]
    public async Task Turned_off_and_on_again_the_folder_is_served_again()
    {
        WriteCodeRepository();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Folder);
        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { journal = new { enabled = true } } });
        await LspTestClient.EventuallyAsync(() => StatusAsync(client), s => s is { Active: true, Indexing: false, Files: 3 });
        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { journal = new { enabled = false } } });
        await LspTestClient.EventuallyAsync(() => StatusAsync(client), s => !s.Active);

        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { journal = new { enabled = true } } });
        // Served twice: the log says so once per serving (whether the second change met the first still retiring or not).
        await LspTestClient.EventuallyAsync(() => Task.FromResult(client.Side.Logs.Count(l => l.StartsWith("journal ", StringComparison.Ordinal))), n => n >= 2);
        var again = await LspTestClient.EventuallyAsync(() => StatusAsync(client), s => s is { Active: true, Indexing: false });
        Assert.Equal(("the setting enabled is true", 3), (again.Reason, again.Files));
    }

    [Fact]
    public async Task Buffers_opened_before_serving_starts_are_what_it_serves()
    {
        WriteCodeRepository();
        Write("2024/2024-05-01.md", "# 2024-05-01\n\nClimbed the ridge at sunrise.\n"); // 1 of 4 dated: not a journal
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Folder);
        // Unsaved text in the editor: a date on line 2, where the file on disk has none.
        var uri = Uri("README.md");
        await client.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "markdown", version = 1, text = "# journal-lsp\n\nSee 2024-05-01.\n" } });
        await client.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri, version = 2 },
            contentChanges = new[] { new { range = new { start = new { line = 2, character = 0 }, end = new { line = 2, character = 0 } }, text = "We " } },
        });

        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { journal = new { enabled = true } } });
        await LspTestClient.EventuallyAsync(() => StatusAsync(client), s => s is { Active: true, Indexing: false });
        var hover = await client.RequestAsync<Hover?>("textDocument/hover", new { textDocument = new { uri }, position = new { line = 2, character = 10 } });
        Assert.Contains("Climbed the ridge at sunrise", hover!.Contents.Value); // the buffer's date, as edited before serving began
    }

    [Fact]
    public async Task A_journal_is_served_and_says_what_decided_it()
    {
        WriteJournal();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Folder);

        var status = await StatusAsync(client);
        Assert.True(status.Active);
        Assert.Equal("served as a journal: 3 of 4 journal files are dated", status.Reason);
        Assert.Equal(4, status.Entries); // the README too, as an undated note
    }

    [Fact]
    public async Task A_folder_indexed_before_that_no_longer_looks_like_a_journal_is_not_served_and_its_index_is_closed()
    {
        // Which of this process's descriptors are on the index (Linux lists them in /proc; the test says nothing elsewhere).
        if (!OperatingSystem.IsLinux()) return;
        bool IndexOpen() => Directory.EnumerateFileSystemEntries("/proc/self/fd")
            .Any(fd => new FileInfo(fd).LinkTarget is { } target && target.StartsWith(IndexPath, StringComparison.Ordinal));
        WriteCodeRepository();
        await using (var first = LspTestClient.Start(IndexPath))
        {
            await first.InitializeAsync(Folder, initializationOptions: new { enabled = true });
            Assert.True(IndexOpen()); // the check sees a served index, so its false below means closed
        }
        Assert.True(File.Exists(IndexPath));

        // The index is there, so the engine opens and loads it while the folder is judged; judged not a journal, that
        // engine must be closed again, not left holding the index open for the server's life.
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Folder);
        var status = await StatusAsync(client);
        Assert.False(status.Active);
        Assert.StartsWith("This folder does not look like a journal (0 of 3", status.Reason);
        // Closed once its load ends: 1-2 s alone, 11 s once in a full `npm test` beside the privacy tests' strace
        // sessions, so the wait allows 30 (it only keeps a hang from waiting forever). A load that ends before the
        // client's `initialized` is said in the log all the same: held until then.
        for (var waited = 0; !client.Side.Logs.Any(l => l.StartsWith("closed the index")) && waited < 30_000; waited += 50) await Task.Delay(50);
        Assert.Contains($"closed the index {IndexPath}, opened while the folder was judged: it is not served", client.Side.Logs);
        Assert.False(IndexOpen(), $"{IndexPath} is still open");
    }

    [Fact]
    public async Task InitializationOptions_enabled_false_keeps_even_a_journal_unindexed()
    {
        WriteJournal();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Folder, initializationOptions: new { enabled = false });

        Assert.False((await StatusAsync(client)).Active);
        Assert.False(File.Exists(IndexPath));
    }

    [Fact]
    public async Task An_empty_folder_becomes_a_journal_by_an_import()
    {
        Directory.CreateDirectory(Folder);
        var export = Path.Combine(_scratch, "journal.txt");
        File.WriteAllText(export, "[2024-05-01 06:10:00 AM] Climbed the ridge at sunrise and felt truly alive.\n\n[2024-05-20 07:00:00 PM] Rain all day, a good book.\n");
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Folder);
        Assert.False((await StatusAsync(client)).Active);

        var imported = await client.RequestAsync<ImportResult>("workspace/executeCommand", new { command = JournalMethods.ImportCommand, arguments = new[] { export, "jrnl" } });
        Assert.Equal(["2024/2024-05-01.md", "2024/2024-05-20.md"], imported.Files);
        await LspTestClient.EventuallyAsync(() => StatusAsync(client), s => s is { Active: true, Entries: 2 });
        var again = await client.RequestAsync<ImportResult>("workspace/executeCommand", new { command = JournalMethods.ImportCommand, arguments = new[] { export, "jrnl" } });
        Assert.Equal((0, 2), (again.Added, again.AlreadyThere));
        var missing = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<ImportResult>("workspace/executeCommand",
            new { command = JournalMethods.ImportCommand, arguments = new[] { Path.Combine(_scratch, "nothere.zip") } }));
        Assert.Contains("does not exist", missing.Message);
    }

    [Fact]
    public async Task An_empty_folder_becomes_a_journal_when_its_first_dated_entry_is_written()
    {
        Directory.CreateDirectory(Folder);
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Folder);
        Assert.Equal("This folder does not look like a journal (the folder has no Markdown, org or jrnl files yet), so nothing is indexed. " +
            "Enable it with the setting enabled: true (journalLsp.enabled in VS Code, initializationOptions { \"enabled\": true } in other editors).", (await StatusAsync(client)).Reason);

        Write("2026/2026-12-02.md", "# 2026-12-02\n\nStarted a journal today.\n");
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new { changes = new[] { new { uri = Uri("2026/2026-12-02.md"), type = FileChangeType.Created } } });
        var served = await LspTestClient.EventuallyAsync(() => StatusAsync(client), s => s is { Active: true, Entries: 1 });
        Assert.Equal("served as a journal: 1 of 1 journal file is dated", served.Reason);
    }

    [Fact]
    public async Task Hovers_and_code_lenses_can_each_be_turned_off()
    {
        WriteJournal();
        await using var client = LspTestClient.Start(IndexPath);
        await client.InitializeAsync(Folder);
        var uri = Uri("2024/2024-05-20.md");
        var datePosition = new { textDocument = new { uri }, position = new { line = 2, character = 38 } }; // on 2024-05-01
        Assert.NotNull(await client.RequestAsync<Hover?>("textDocument/hover", datePosition));
        Assert.NotEmpty(await client.RequestAsync<CodeLens[]>("textDocument/codeLens", new { textDocument = new { uri } }));

        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { journal = new { hovers = false, codeLenses = false } } });
        await LspTestClient.EventuallyAsync(() => client.RequestAsync<CodeLens[]>("textDocument/codeLens", new { textDocument = new { uri } }), l => l.Length == 0);
        Assert.Null(await client.RequestAsync<Hover?>("textDocument/hover", datePosition));

        // The person removes both settings: the client's section no longer has them, and they go back to on (before,
        // new settings were layered on the current ones, so a removed key kept its last value for good).
        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { journal = new { } } });
        await LspTestClient.EventuallyAsync(() => client.RequestAsync<CodeLens[]>("textDocument/codeLens", new { textDocument = new { uri } }), l => l.Length > 0);
        Assert.NotNull(await client.RequestAsync<Hover?>("textDocument/hover", datePosition));
    }
}
