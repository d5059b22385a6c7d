using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using JournalLsp.Indexing.Privacy;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Tests;

/// <summary>
/// "Nothing leaves your machine", proven on the built programs (docs/privacy.md): the CLI and a language-server
/// session of over 60 s run under <c>strace -f -e trace=network</c> open not one internet socket, write nothing under
/// a fresh HOME but our index and the unpacked model, and work the same in a network namespace with no interfaces.
/// ORT_DISABLE_TELEMETRY is removed from the children's environment, so what is proven is our own fix, not the
/// caller's shell.
/// </summary>
public sealed partial class PrivacyTests : IDisposable
{
    // Before the fix ONNX Runtime's uploader looked up its collector 11 s after the server started (strace -ttt): 60 s covers it.
    private static readonly TimeSpan ServerLifetime = TimeSpan.FromSeconds(62);

    private readonly string _scratch = Directory.CreateTempSubdirectory("journal-lsp-privacy-").FullName;

    private string Home => Path.Combine(_scratch, "home");

    private string Temp => Path.Combine(_scratch, "tmp");

    private Dictionary<string, string?> Environment => new()
    {
        ["HOME"] = Home, ["XDG_CACHE_HOME"] = Path.Combine(Home, ".cache"), ["TMPDIR"] = Temp, ["ORT_DISABLE_TELEMETRY"] = null,
        // ask and similar through the daemon they start (strace -f follows it; it exits 2-4 s after its last command)
        ["JOURNAL_LSP_DAEMON"] = "on", ["JOURNAL_LSP_DAEMON_IDLE"] = "2",
    };

    [GeneratedRegex(@"\bAF_INET6?\b")]
    private static partial Regex InternetFamily();

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_cli_and_a_60_second_server_session_open_no_internet_socket_and_write_only_the_index_and_model()
    {
        if (!OperatingSystem.IsLinux()) return; // strace and unshare are Linux tools; CI runs Linux
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(Temp);
        var journal = SampleJournal();
        var traces = new List<string>();
        string Trace(string name) { var path = Path.Combine(_scratch, $"strace-{name}.log"); traces.Add(path); return path; }
        string[] Strace(string name) => ["strace", "-f", "-e", "trace=network", "-o", Trace(name)];

        foreach (var (name, args) in new[]
        {
            ("index", new[] { "index", journal, "--json" }),
            ("ask", new[] { "ask", "a day I felt truly alive", "--journal", journal, "--json" }),
            ("similar", new[] { "similar", "2023-05-06", "--journal", journal, "--json" }),
        })
        {
            var (code, stdout, stderr) = Run([.. Strace(name), "dotnet", CliDll, .. args]);
            Assert.True(code == 0, $"{name}: {stderr}");
            Assert.NotEqual(JsonValueKind.Undefined, JsonDocument.Parse(stdout).RootElement.ValueKind);
        }

        var clock = Stopwatch.StartNew();
        await using (var server = ServerProcess.Start(Strace("server"), Environment))
        {
            await JournalSession.RunAsync(server, journal);
            while (clock.Elapsed < ServerLifetime)
            {
                await Task.Delay(TimeSpan.FromSeconds(5)); // a long-lived server, as in an editor left open
                await server.RequestAsync<StatusResult>(JournalMethods.Status, new { });
            }
            Assert.Equal(0, await server.StopAsync());
        }

        foreach (var trace in traces)
        {
            var lines = File.ReadAllLines(trace);
            Assert.True(lines.Length > 0, $"{trace} is empty: did strace run?");
            var internet = lines.Where(l => InternetFamily().IsMatch(l)).Take(3).ToList();
            Assert.True(internet.Count == 0, $"{Path.GetFileName(trace)}: internet sockets\n{string.Join("\n", internet)}");
        }

        // Under the fresh HOME: our index, the unpacked model, the daemon's lock and the server's startup profile,
        // nothing else (no Microsoft/DeveloperTools).
        var cache = Path.Combine(Home, ".cache", "journal-lsp");
        var written = Directory.EnumerateFiles(Home, "*", SearchOption.AllDirectories).ToList();
        Assert.All(written, f => Assert.True(new[] { "indexes", "models", "daemon", "startup" }.Any(folder => f.StartsWith(Path.Combine(cache, folder) + "/")),
            $"written outside our cache: {f}"));
        Assert.Contains(written, f => f.EndsWith(".lock")); // the daemon answered ask and similar
        Assert.Contains(written, f => f.EndsWith("/startup/server.jitprofile") && new FileInfo(f).Length > 0); // by the runtime, at exit
        Assert.Contains(written, f => f.EndsWith("/" + Indexing.IndexLocation.IndexFileName(null)));
        Assert.Contains(written, f => f.EndsWith(".onnx"));

        // Readable by the owner only: every folder from the cache root down 0700, every file 0600.
        var folders = Directory.EnumerateDirectories(cache, "*", SearchOption.AllDirectories).Append(cache).ToList();
        Assert.All(folders, d => Assert.True(File.GetUnixFileMode(d) == PrivateStorage.OwnerOnlyFolder, $"{d} is {File.GetUnixFileMode(d)}"));
        Assert.All(written, f => Assert.True(File.GetUnixFileMode(f) == PrivateStorage.OwnerOnlyFile, $"{f} is {File.GetUnixFileMode(f)}"));

        // No temporary files either; only the .NET runtime's diagnostics sockets (docs/privacy.md), gone at exit.
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Temp), f => !Path.GetFileName(f).StartsWith("dotnet-diagnostic-"));
    }

    [Fact]
    public void The_network_check_sees_an_internet_socket_when_one_is_opened()
    {
        if (!OperatingSystem.IsLinux()) return;
        // The control for the test above: the same strace filter and pattern catch a real AF_INET socket.
        var trace = Path.Combine(_scratch, "strace-control.log");
        Run(["strace", "-f", "-e", "trace=network", "-o", trace, "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9 || true"]);
        Assert.Contains(File.ReadAllLines(trace), InternetFamily().IsMatch);
    }

    [Fact]
    public async Task Everything_works_in_a_network_namespace_with_no_interfaces()
    {
        if (!OperatingSystem.IsLinux()) return;
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(Temp);
        // unshare -n: a namespace of our own with only a loopback device that is down; no route anywhere.
        var (code, devices, stderr) = Run(["unshare", "-n", "cat", "/proc/net/dev"]);
        Assert.True(code == 0, $"unshare -n failed (root needed): {stderr}");
        Assert.Equal(["lo"], devices.Split('\n').Skip(2).Where(l => l.Contains(':')).Select(l => l.Split(':')[0].Trim()));

        var journal = SampleJournal();
        var ask = Run(["unshare", "-n", "dotnet", CliDll, "ask", "a day I felt truly alive", "--journal", journal, "--json"]);
        Assert.True(ask.Code == 0, ask.Stderr);
        Assert.Contains("2023-05-06", ask.Stdout);

        await using var server = ServerProcess.Start(["unshare", "-n"], Environment);
        await JournalSession.RunAsync(server, journal);
        Assert.Equal(0, await server.StopAsync());
    }

    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "journal-lsp.dll");

    private static string SampleJournal() => Path.Combine(TestData.RepoRoot, "samples", "journal");

    private (int Code, string Stdout, string Stderr) Run(string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);
        foreach (var (name, value) in Environment)
            if (value is null) start.Environment.Remove(name); else start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    public void Dispose()
    {
        try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// A whole editor session on samples/journal, every feature once, each answer checked for real content: initialize,
/// hover, code lenses, every journal command and request, an edit re-indexed from the buffer, the index
/// deleted and built again.
/// </summary>
internal static class JournalSession
{
    public static async Task RunAsync(ServerProcess server, string journal)
    {
        await server.InitializeAsync(journal);
        var status = await server.WaitUntilIndexedAsync();
        Assert.True(status.Entries >= 60, $"{status.Entries} entries indexed");

        var uri = new Uri(Path.Combine(journal, "2023", "2023-05-06.md")).AbsoluteUri;
        var at = new { textDocument = new { uri }, position = new { line = 2, character = 5 } };
        var hover = await server.RequestAsync<Hover?>("textDocument/hover", at);
        Assert.Contains("Related days", hover?.Contents.Value);

        var lenses = await server.RequestAsync<CodeLens[]>("textDocument/codeLens", new { textDocument = new { uri } });
        Assert.Matches(@"^\d+ related days?$", Assert.Single(lenses, l => l.Command!.Title.Contains("related")).Command!.Title);

        async Task<JsonElement> Command(string name, params object?[] args) =>
            await server.RequestAsync<JsonElement>("workspace/executeCommand", new { command = name, arguments = args });
        Assert.True((await Command(JournalMethods.AskCommand, "a day I felt truly alive")).GetArrayLength() > 0);
        Assert.True((await Command(JournalMethods.FindSimilarDaysCommand, uri, new { line = 2, character = 0 })).GetArrayLength() > 0);
        Assert.Equal(JsonValueKind.Array, (await Command(JournalMethods.OnThisDayCommand, "2025-05-06")).ValueKind);
        Assert.True((await Command(JournalMethods.ReindexCommand)).GetProperty("entries").GetInt32() >= 60);

        var search = await server.RequestAsync<JournalResult[]>(JournalMethods.Search, new { question = "snow in 2025" });
        Assert.All(search, r => Assert.StartsWith("2025-", r.Date));
        Assert.NotEmpty(await server.RequestAsync<JournalResult[]>(JournalMethods.Similar, new { date = "2023-05-06" }));

        // An unsaved edit is embedded from the buffer (the write path), then the buffer is closed again.
        var text = File.ReadAllText(Path.Combine(journal, "2023", "2023-05-06.md"));
        await server.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "markdown", version = 1, text } });
        await server.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri, version = 2 }, contentChanges = new[] { new { text = text + "\nA heron stood in the tarn at dusk.\n" } },
        });
        await LspTestClient.EventuallyAsync(() => Task.FromResult(server.Side.Logs.Any(l => l.StartsWith("indexed 2023/2023-05-06.md"))), done => done);
        Assert.Contains(server.Side.Logs, l => l.StartsWith("indexed 2023/2023-05-06.md"));
        await server.NotifyAsync("textDocument/didClose", new { textDocument = new { uri } });

        // Delete the index (every file of it goes), then build it again.
        var deleted = await Command(JournalMethods.DeleteIndexCommand);
        Assert.Contains(status.IndexPath, deleted.GetProperty("deleted").EnumerateArray().Select(p => p.GetString()));
        Assert.False(File.Exists(status.IndexPath), "journal.deleteIndex left the index behind");
        Assert.True((await Command(JournalMethods.ReindexCommand)).GetProperty("entries").GetInt32() >= 60);
    }
}
