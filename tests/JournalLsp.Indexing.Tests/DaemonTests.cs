using System.Diagnostics;
using System.Text.Json;

namespace JournalLsp.Indexing.Tests;

/// <summary>
/// The command line through its daemon (JOURNAL_LSP_DAEMON on, a cache folder of the test's own, so a daemon of its
/// own): the same output as the command alone, the caller's folder, changes seen, and a daemon that goes away.
/// </summary>
[Collection(nameof(PepysCollection))]
public sealed class DaemonTests(PepysFixture pepys) : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Cache => Path.Combine(_folder.Path, "cache");

    private Dictionary<string, string?> Through(string idleSeconds = "60") => new()
    {
        ["XDG_CACHE_HOME"] = Cache, ["JOURNAL_LSP_DAEMON"] = "on", ["JOURNAL_LSP_DAEMON_IDLE"] = idleSeconds,
    };

    private Dictionary<string, string?> Alone => new() { ["XDG_CACHE_HOME"] = Cache, ["JOURNAL_LSP_DAEMON"] = "off" };

    // The daemon's own count of the commands it has answered (0 when none runs).
    private int Answered()
    {
        var (code, stdout, stderr) = CliProcess.Run(null, Through(), "daemon", "status", "--json");
        Assert.True(code == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement.GetProperty("daemons").EnumerateArray().Sum(d => d.GetProperty("commands").GetInt32());
    }

    private string[] Sockets() =>
        Directory.Exists(Path.Combine(Cache, "journal-lsp", "daemon")) ? Directory.GetFiles(Path.Combine(Cache, "journal-lsp", "daemon"), "*.sock") : [];

    [Theory]
    [InlineData("ask", "the plague in 1666", "--top", "5", "--json")]
    [InlineData("ask", "a walk in the park", "--mode", "dense")]
    [InlineData("similar", "1666-09-05", "--why")]
    [InlineData("timeline", "fire", "--json")]
    [InlineData("ask", "the fire", "--top", "0")]
    [InlineData("similar", "1666-02-30")]
    [InlineData("ask", "the fire", "--mode", "nope")]
    public void A_command_through_the_daemon_prints_what_it_prints_alone(params string[] command)
    {
        string[] args = [.. command, "--journal", pepys.Journal, "--index", pepys.IndexPath];
        // Up to date first (the fixture's index may be of another model): neither run below has work to report.
        Assert.Equal(0, CliProcess.Run(null, Alone, "index", pepys.Journal, "--index", pepys.IndexPath).Code);
        Assert.Equal(0, CliProcess.Run(null, Through(), "timeline", "--journal", pepys.Journal, "--index", pepys.IndexPath).Code);
        var alone = CliProcess.Run(null, Alone, args);
        var before = Answered();
        var through = CliProcess.Run(null, Through(), args);
        Assert.Equal(before + 1, Answered()); // it was the daemon that answered
        Assert.Equal(alone.Code, through.Code);
        Assert.Equal(alone.Stdout, through.Stdout);
        Assert.Equal(alone.Stderr, through.Stderr);
        Assert.True(alone.Stdout.Length > 0 || alone.Stderr.StartsWith("error: "), alone.Stderr); // a real answer or a real error
    }

    [Fact]
    public void A_relative_journal_is_found_from_the_callers_folder()
    {
        _folder.Write("2024-03-01.md", "# 2024-03-01\n\nPlanted the broad beans in the rain.\n");
        Assert.Equal(0, CliProcess.Run(null, Through(), "ask", "fire", "--journal", pepys.Journal, "--index", pepys.IndexPath).Code); // started elsewhere
        var (code, stdout, stderr) = CliProcess.Run(_folder.Path, Through(), "ask", "broad beans", "--journal", "journal", "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal("2024-03-01", JsonDocument.Parse(stdout).RootElement[0].GetProperty("date").GetString());
    }

    [Fact]
    public void An_entry_written_after_the_daemon_started_is_answered()
    {
        _folder.Write("2024-03-01.md", "# 2024-03-01\n\nPlanted the broad beans in the rain.\n");
        string[] ask = ["ask", "a letter from my sister about the harvest", "--journal", _folder.Journal, "--top", "1", "--json"];
        Assert.Equal("2024-03-01", JsonDocument.Parse(CliProcess.Run(null, Through(), ask).Stdout).RootElement[0].GetProperty("date").GetString());
        _folder.Write("2024-03-02.md", "# 2024-03-02\n\nA letter from my sister: the harvest is in, and the barn is full.\n");
        var (code, stdout, stderr) = CliProcess.Run(null, Through(), ask);
        Assert.True(code == 0, stderr);
        Assert.Equal("2024-03-02", JsonDocument.Parse(stdout).RootElement[0].GetProperty("date").GetString());
    }

    [Fact]
    public void Forget_stops_the_daemon_and_the_next_ask_indexes_again()
    {
        _folder.Write("2024-03-01.md", "# 2024-03-01\n\nPlanted the broad beans in the rain.\n");
        string[] ask = ["ask", "broad beans", "--journal", _folder.Journal, "--json"];
        Assert.Equal(0, CliProcess.Run(null, Through(), ask).Code);
        Assert.NotEmpty(Sockets());

        var forget = CliProcess.Run(null, Through(), "forget", "--journal", _folder.Journal);
        Assert.True(forget.Code == 0, forget.Stderr);
        Assert.Contains("deleted the index", forget.Stderr);
        Assert.Empty(Sockets());

        var (code, stdout, stderr) = CliProcess.Run(null, Through(), ask);
        Assert.True(code == 0, stderr);
        Assert.Contains("Indexed 1 file", stderr); // a new index, not the one the stopped daemon held
        Assert.Equal("2024-03-01", JsonDocument.Parse(stdout).RootElement[0].GetProperty("date").GetString());
    }

    [Fact]
    public async Task Asks_started_together_share_one_daemon()
    {
        string[] ask = ["ask", "the fire", "--journal", pepys.Journal, "--index", pepys.IndexPath, "--json"];
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => CliProcess.Run(null, Through(), ask))));
        Assert.All(runs, r => Assert.True(r.Code == 0, r.Stderr));
        Assert.Single(runs.Select(r => r.Stdout).Distinct());
        Assert.Equal(3, Answered()); // one daemon answered all three, none ran alone
    }

    // The build's apphost (journal-lsp) and `dotnet journal-lsp.dll` are one program: one daemon answers both, and it
    // goes when the program's executable is written again (as a rebuild or a reinstall writes it).
    [Fact]
    public void The_apphost_and_the_dll_share_one_daemon_which_goes_when_the_executable_is_written_again()
    {
        if (OperatingSystem.IsWindows()) return; // the daemon runs on Linux and macOS
        var apphost = Path.Combine(AppContext.BaseDirectory, "journal-lsp");
        Assert.True(File.Exists(apphost), apphost);
        string[] ask = ["ask", "the fire", "--journal", pepys.Journal, "--index", pepys.IndexPath, "--json"];
        Assert.Equal(0, CliProcess.Run(null, Through(), ask).Code);
        Assert.Equal(0, CliProcess.Run(apphost, ask, null, Through()).Code);
        Assert.Single(Sockets());
        Assert.Equal(2, Answered());
        var pid = StatusOf("pid");

        var copy = Path.Combine(_folder.Path, "apphost-copy");
        File.Copy(apphost, copy);
        try
        {
            File.SetLastWriteTimeUtc(apphost, DateTime.UtcNow.AddMinutes(1));
            var clock = Stopwatch.StartNew();
            while (IsRunning(pid) && clock.Elapsed < TimeSpan.FromSeconds(20)) Thread.Sleep(100);
            Assert.False(IsRunning(pid), $"the daemon {pid} still runs"); // checked every 2 s
        }
        finally
        {
            File.SetLastWriteTimeUtc(apphost, File.GetLastWriteTimeUtc(copy));
        }
    }

    // Running, and not a zombie that nothing has reaped (a container whose first process is not an init).
    private static bool IsRunning(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            try { return File.ReadAllText($"/proc/{pid}/stat").Split(") ", 2)[1][0] != 'Z'; }
            catch (IOException) { return false; } // gone
        }
        try { return !Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    [Fact]
    public void A_socket_left_by_a_daemon_that_died_is_replaced()
    {
        string[] ask = ["ask", "the fire", "--journal", pepys.Journal, "--index", pepys.IndexPath, "--json"];
        Assert.Equal(0, CliProcess.Run(null, Through(), ask).Code);
        var socket = Assert.Single(Sockets());
        var pid = StatusOf("pid");
        Process.GetProcessById(pid).Kill(); // SIGKILL: no cleanup, the socket file stays
        Process.GetProcessById(pid).WaitForExit(10_000);
        Assert.True(File.Exists(socket));

        var (code, stdout, stderr) = CliProcess.Run(null, Through(), ask);
        Assert.True(code == 0, stderr);
        Assert.NotEqual(JsonValueKind.Undefined, JsonDocument.Parse(stdout).RootElement.ValueKind);
        Assert.NotEqual(pid, StatusOf("pid"));
        Assert.Equal(1, Answered()); // the new daemon answered it
    }

    private int StatusOf(string property) =>
        JsonDocument.Parse(CliProcess.Run(null, Through(), "daemon", "status", "--json").Stdout).RootElement.GetProperty("daemons")[0].GetProperty(property).GetInt32();

    [Fact]
    public void An_idle_daemon_exits_and_takes_its_socket_with_it()
    {
        Assert.Equal(0, CliProcess.Run(null, Through(idleSeconds: "1"), "similar", "1666-09-05", "--journal", pepys.Journal, "--index", pepys.IndexPath).Code);
        var clock = Stopwatch.StartNew();
        while (Sockets().Length > 0 && clock.Elapsed < TimeSpan.FromSeconds(20)) Thread.Sleep(100);
        Assert.Empty(Sockets()); // idle 1 s, checked every 2 s
    }

    public void Dispose()
    {
        CliProcess.Run(null, Through(), "daemon", "stop");
        _folder.Dispose();
    }
}
