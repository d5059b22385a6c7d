using System.Diagnostics;
using System.Text.Json;
using JournalLsp.Server.Protocol;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace JournalLsp.Server.Tests;

/// <summary>
/// Two editor windows on one journal: two server processes on the same folder and index, and a CLI <c>index</c> run
/// at the same time. SQLite's WAL and busy timeout serialise the writers; each answers correctly and the index stays
/// sound.
/// </summary>
public sealed class TwoServersTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("journal-lsp-two-").FullName;

    [Fact]
    public async Task Two_servers_and_a_cli_index_on_one_journal_all_answer_and_the_index_stays_sound()
    {
        // Three months of 1661, copied: the servers index it while the CLI indexes the same folder into the same file.
        var journal = Directory.CreateDirectory(Path.Combine(_scratch, "journal", "1661")).FullName;
        foreach (var day in Directory.GetFiles(Path.Combine(TestData.Pepys, "daily", "1661")).Order().Take(90))
            File.Copy(day, Path.Combine(journal, Path.GetFileName(day)));
        var folder = Path.GetDirectoryName(journal)!;
        var options = new { indexLocation = Path.Combine(_scratch, "index") };

        await using var first = ServerProcess.Start();
        await using var second = ServerProcess.Start();
        await first.InitializeAsync(folder, options);
        await second.InitializeAsync(folder, options);
        var indexPath = (await first.RequestAsync<StatusResult>(JournalMethods.Status, new { })).IndexPath;
        Assert.Equal(indexPath, (await second.RequestAsync<StatusResult>(JournalMethods.Status, new { })).IndexPath);

        var cli = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "journal-lsp.dll"), "index", folder, "--index", indexPath, "--json" })
            cli.ArgumentList.Add(a);
        cli.Environment["ORT_DISABLE_TELEMETRY"] = "1";
        using var index = Process.Start(cli)!;
        var cliOut = index.StandardOutput.ReadToEndAsync();
        var cliErr = index.StandardError.ReadToEndAsync();

        var statuses = await Task.WhenAll(first.WaitUntilIndexedAsync(), second.WaitUntilIndexedAsync());
        await index.WaitForExitAsync();
        Assert.True(index.ExitCode == 0, await cliErr);
        Assert.Equal(90, JsonDocument.Parse(await cliOut).RootElement.GetProperty("entries").GetInt32());
        output.WriteLine($"first: {statuses[0].Entries} entries, second: {statuses[1].Entries}; stderr: {first.Stderr}{second.Stderr}");
        Assert.All(statuses, s => Assert.Equal(90, s.Entries));
        Assert.All(statuses, s => Assert.Empty(s.Skipped));

        // Both answer, the same: the same index, read by each.
        var uri = new Uri(Path.Combine(journal, "1661-02-14.md")).AbsoluteUri;
        foreach (var server in new[] { first, second })
        {
            var results = await server.RequestAsync<JsonElement>(JournalMethods.Search, new { question = "Valentine", top = 3 });
            Assert.Contains(results.EnumerateArray(), r => r.GetProperty("date").GetString() == "1661-02-14");
            var similar = await server.RequestAsync<JsonElement>(JournalMethods.Similar, new { date = "1661-02-14", top = 3 });
            Assert.Equal(3, similar.EnumerateArray().Count(r => r.GetProperty("date").GetString()!.StartsWith("1661-", StringComparison.Ordinal)));
        }

        // An edit through one server is seen by the other once it commits (the other's snapshot follows the file).
        await first.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "markdown", version = 1, text = File.ReadAllText(Path.Combine(journal, "1661-02-14.md")) + "\nToday a zebra came to the Navy office.\n" } });
        var seen = false;
        for (var i = 0; i < 100 && !seen; i++)
        {
            await Task.Delay(200);
            var results = await second.RequestAsync<JsonElement>(JournalMethods.Search, new { question = "zebra at the Navy office", top = 1 });
            seen = results.EnumerateArray().Any(r => r.GetProperty("date").GetString() == "1661-02-14" && r.GetProperty("snippet").GetString()!.Contains("zebra"));
        }
        Assert.True(seen, "the second server never saw the first one's edit");

        Assert.Equal(0, await first.StopAsync());
        Assert.Equal(0, await second.StopAsync());
        using var db = new SqliteConnection($"Data Source={indexPath};Pooling=false");
        db.Open();
        using var check = db.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", check.ExecuteScalar());
    }

    public void Dispose()
    {
        try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { }
    }
}
