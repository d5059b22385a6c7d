using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace JournalLsp.Cli.Daemon;

/// <summary>
/// The command line's side of the daemon: <c>ask</c>, <c>similar</c>, <c>timeline</c>, <c>themes</c> and
/// <c>review</c> are sent to a process that keeps the index, the corpus and the model loaded, started on first use
/// and gone after <see cref="IdleVariable"/> seconds unused (600 by default), as build servers do (Gradle's daemon,
/// the C# compiler's server). A process of its own then answers in the time of its start, not of the model's load
/// (docs/benchmarks.md, "The command line as a resident engine"). The output, exit code and files touched are
/// those of the same command run alone; anything that keeps the daemon from answering runs the command here instead.
/// </summary>
internal static class DaemonClient
{
    /// <summary>Set to <c>off</c> (or 0, false, no) to run every command in its own process.</summary>
    public const string Variable = "JOURNAL_LSP_DAEMON";

    /// <summary>Seconds a started daemon waits unused before it exits (default 600).</summary>
    public const string IdleVariable = "JOURNAL_LSP_DAEMON_IDLE";

    /// <summary>The commands the daemon answers: each reads the journal through an engine it keeps open.</summary>
    public static readonly IReadOnlySet<string> Commands = new HashSet<string>(StringComparer.Ordinal) { "ask", "similar", "timeline", "themes", "review" };

    // The daemon starts in 150-400 ms; a machine under load may take seconds. Past this, the command runs here.
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs <paramref name="args"/> in the daemon, starting it when none listens, and copies its output here.
    /// Returns the command's exit code, or null where the command must run in this process: not a daemon command,
    /// the daemon turned off, no daemon reached, or one that ended before writing anything.
    /// </summary>
    public static int? TryRun(string[] args)
    {
        if (args.Length == 0 || !Commands.Contains(args[0]) || !Enabled()) return null;
        try
        {
            var address = DaemonAddress.ForThisProcess();
            if (!LocalSocket.Supported || !LocalSocket.Fits(address.SocketPath)) return null;
            using var connection = Connect(address.SocketPath) ?? StartAndConnect(address);
            return connection is null ? null : Exchange(connection, args);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Stops this environment's daemon if one runs (<c>daemon stop</c>, and <c>forget</c> before it deletes an index
    /// the daemon may hold open). Returns whether one was running.
    /// </summary>
    public static bool Stop()
    {
        try
        {
            var address = DaemonAddress.ForThisProcess();
            if (!LocalSocket.Supported || !LocalSocket.Fits(address.SocketPath)) return false;
            using var stream = Connect(address.SocketPath);
            if (stream is null) return false;
            DaemonWire.Write(stream, DaemonWire.Request, Encoding.UTF8.GetBytes(new JsonObject { ["stop"] = true }.ToJsonString()));
            while (DaemonWire.Read(stream) is { } frame && frame.Kind != DaemonWire.Exit) { }
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The idle time a started daemon is given: <see cref="IdleVariable"/>, else 600 s.</summary>
    public static TimeSpan Idle() =>
        int.TryParse(Environment.GetEnvironmentVariable(IdleVariable), out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(10);

    private static bool Enabled() =>
        Environment.GetEnvironmentVariable(Variable)?.Trim().ToLowerInvariant() is not ("off" or "0" or "false" or "no");

    // A socket file left by a daemon that died refuses the connection: the next daemon replaces it.
    private static FileStream? Connect(string path) => File.Exists(path) ? LocalSocket.Connect(path) : null;

    private static FileStream? StartAndConnect(DaemonAddress address)
    {
        Start();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartWait)
        {
            Thread.Sleep(15);
            if (Connect(address.SocketPath) is { } connection) return connection;
        }
        return null;
    }

    // The daemon is this program with the arguments "daemon --idle N", its standard streams pipes closed at once (it
    // writes nothing, and holds none of ours: a caller reading our output to its end is not kept waiting).
    private static void Start()
    {
        var self = Environment.ProcessPath ?? throw new IOException("no path to this program");
        var start = new ProcessStartInfo(self)
        {
            UseShellExecute = false, CreateNoWindow = true,
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(DaemonClient).Assembly.Location);
        foreach (var arg in new[] { "daemon", "--idle", ((int)Idle().TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new IOException("the daemon did not start");
        process.StandardInput.Close();
        process.StandardOutput.Close();
        process.StandardError.Close();
    }

    // Sends the command, copies its output as it comes, returns its exit code; null when the daemon went before
    // writing anything (the command then runs here, from the start).
    private static int? Exchange(Stream stream, string[] args)
    {
        var request = new JsonObject
        {
            ["args"] = new JsonArray([.. args.Select(a => JsonValue.Create(a))]),
            ["cwd"] = Environment.CurrentDirectory,
            ["stderrTerminal"] = !Console.IsErrorRedirected,
        };
        DaemonWire.Write(stream, DaemonWire.Request, Encoding.UTF8.GetBytes(request.ToJsonString()));
        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        var wrote = false;
        try
        {
            while (DaemonWire.Read(stream) is { } frame)
            {
                switch (frame.Kind)
                {
                    case DaemonWire.Stdout: stdout.Write(frame.Payload); wrote = true; break;
                    case DaemonWire.Stderr: stderr.Write(frame.Payload); wrote = true; break;
                    case DaemonWire.Exit: return DaemonWire.ExitCode(frame.Payload);
                }
            }
        }
        catch (IOException) when (!wrote)
        {
            return null;
        }
        catch (IOException)
        {
            // said below
        }
        if (!wrote) return null;
        Console.Error.WriteLine("error: the journal-lsp daemon stopped before the command ended; run it again");
        return 1;
    }
}
