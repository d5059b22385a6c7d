using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace JournalLsp.Cli.Daemon;

/// <summary>
/// The command line's side of the daemon: <c>ask</c>, <c>similar</c>, <c>timeline</c>, <c>themes</c> and
/// <c>review</c> are sent to a process that keeps the index, the corpus and the model loaded, started on first use
/// and gone after <see cref="IdleVariable"/> seconds unused (600 by default), as build servers do (Gradle's daemon,
/// the C# compiler's server). A command then takes the time of a process start, not of a model load
/// (docs/benchmarks.md, "The command line as a resident engine"). Its output and exit code are those of the command
/// run alone (in a terminal, System.CommandLine's own parse errors are not coloured: the daemon's stdout is not one);
/// help, and anything that keeps the daemon from answering, runs the command here instead.
/// </summary>
internal static class DaemonClient
{
    /// <summary>Set to <c>off</c> (or 0, false, no) to run every command in its own process.</summary>
    public const string Variable = "JOURNAL_LSP_DAEMON";

    /// <summary>Seconds a started daemon waits unused before it exits (default 600).</summary>
    public const string IdleVariable = "JOURNAL_LSP_DAEMON_IDLE";

    /// <summary>The commands the daemon answers: each reads the journal through an engine it keeps open.</summary>
    public static readonly IReadOnlySet<string> Commands = new HashSet<string>(StringComparer.Ordinal) { "ask", "similar", "timeline", "themes", "review" };

    // The daemon listens 100-400 ms after it starts; a machine under load may take seconds. Past this, or once the
    // daemon has exited without listening, the command runs here.
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(10);

    // A daemon busy with another command (a first index of a large journal) takes this request up when that ends:
    // past this wait, the client says so once.
    private static readonly TimeSpan BusyNotice = TimeSpan.FromSeconds(2);

    // How long stop waits for a daemon to close its indexes and let its lock go.
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs <paramref name="args"/> in the daemon, starting it when none listens, and copies its output here.
    /// Returns the command's exit code, or null where the command must run in this process: not a daemon command, a
    /// request for help, the daemon turned off or not supported here (Windows), or no daemon reached.
    /// </summary>
    public static int? TryRun(string[] args)
    {
        if (args.Length == 0 || !Commands.Contains(args[0]) || args.Any(IsHelp) || !Enabled() || !LocalSocket.Supported) return null;
        try
        {
            var address = DaemonAddress.ForThisProcess();
            if (!LocalSocket.Fits(address.SocketPath)) return null;
            using var connection = Connect(address.SocketPath) ?? StartAndConnect(address);
            return connection is null ? null : Exchange(connection, args);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null; // nothing was written (Exchange says so itself once it has): the command runs here
        }
    }

    /// <summary>
    /// Stops every daemon of this cache folder (<c>daemon stop</c>; <c>forget</c> before it deletes an index a daemon
    /// may hold open) and waits for each to have closed its indexes. Returns how many were running.
    /// </summary>
    public static int StopAll()
    {
        var stopped = 0;
        foreach (var socket in Sockets())
        {
            try
            {
                using (var stream = LocalSocket.Connect(socket))
                {
                    if (stream is null) continue;
                    Ask(stream, new JsonObject { ["stop"] = true });
                }
                WaitForLock(Path.ChangeExtension(socket, ".lock"));
                stopped++;
            }
            catch (IOException)
            {
                // gone meanwhile
            }
        }
        return stopped;
    }

    /// <summary>
    /// The status of every daemon of this cache folder (whatever the environment that started it), as JSON, each
    /// <c>{"pid", "commands": answered, "engines": indexes open}</c>; empty when none runs.
    /// </summary>
    public static List<JsonObject> Status()
    {
        var found = new List<JsonObject>();
        foreach (var socket in Sockets())
        {
            try
            {
                using var stream = LocalSocket.Connect(socket);
                if (stream is not null && JsonNode.Parse(Ask(stream, new JsonObject { ["status"] = true })) is JsonObject status) found.Add(status);
            }
            catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
            {
                // gone meanwhile
            }
        }
        return found;
    }

    /// <summary>The idle time a started daemon is given: <see cref="IdleVariable"/>, else 600 s.</summary>
    public static TimeSpan Idle() =>
        int.TryParse(Environment.GetEnvironmentVariable(IdleVariable), out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(10);

    // The sockets of this cache folder's daemons, whatever environment started them (some may be left by one that died).
    private static IEnumerable<string> Sockets() =>
        LocalSocket.Supported && Directory.Exists(DaemonAddress.DaemonsFolder())
            ? Directory.GetFiles(DaemonAddress.DaemonsFolder(), "*.sock").Order(StringComparer.Ordinal)
            : [];

    private static bool Enabled() =>
        Environment.GetEnvironmentVariable(Variable)?.Trim().ToLowerInvariant() is not ("off" or "0" or "false" or "no");

    // Help is written for the terminal it goes to (its width, its colours): the command alone writes it.
    private static bool IsHelp(string arg) => arg is "-h" or "--help" or "-?" or "/?" or "/h";

    // A socket file left by a daemon that died refuses the connection: the next daemon replaces it.
    private static FileStream? Connect(string path) => File.Exists(path) ? LocalSocket.Connect(path) : null;

    private static FileStream? StartAndConnect(DaemonAddress address)
    {
        using var daemon = Start();
        var clock = Stopwatch.StartNew();
        TimeSpan? exited = null;
        while (clock.Elapsed < StartWait)
        {
            Thread.Sleep(15);
            if (Connect(address.SocketPath) is { } connection) return connection;
            // One that found another daemon starting exits at once; one that failed too. Either way, a second more.
            exited ??= daemon.HasExited ? clock.Elapsed : null;
            if (clock.Elapsed - exited > TimeSpan.FromSeconds(1)) return null;
        }
        return null;
    }

    // The daemon is this program with the arguments "daemon --idle N", its standard streams pipes closed at once (it
    // writes nothing, and holds none of ours: a caller reading our output to its end is not kept waiting).
    private static Process Start()
    {
        var self = Environment.ProcessPath ?? throw new IOException("no path to this program");
        var start = new ProcessStartInfo(self)
        {
            UseShellExecute = false, CreateNoWindow = true,
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, typeof(DaemonClient).Assembly.GetName().Name + ".dll"));
        foreach (var arg in new[] { "daemon", "--idle", ((int)Idle().TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new IOException("the daemon did not start");
        process.StandardInput.Close();
        process.StandardOutput.Close();
        process.StandardError.Close();
        return process;
    }

    // Sends the command, copies its output as it comes, returns its exit code; null when the daemon went before
    // writing anything (the command then runs here, from the start).
    private static int? Exchange(FileStream stream, string[] args)
    {
        var request = new JsonObject
        {
            ["args"] = new JsonArray([.. args.Select(a => JsonValue.Create(a))]),
            ["cwd"] = Environment.CurrentDirectory,
            ["stderrTerminal"] = !Console.IsErrorRedirected,
        };
        DaemonWire.Write(stream, DaemonWire.Request, Encoding.UTF8.GetBytes(request.ToJsonString()));
        if (!LocalSocket.Readable(stream.SafeFileHandle, BusyNotice))
            Console.Error.WriteLine($"journal-lsp: waiting for the daemon to finish another command ({Variable}=off runs each command alone)");
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
        catch (IOException)
        {
            // the daemon went: said below, or the command runs here
        }
        if (!wrote) return null;
        Console.Error.WriteLine("error: the journal-lsp daemon stopped before the command ended; run it again");
        return 1;
    }

    // A request without a command: what the daemon wrote on stdout before its exit frame.
    private static string Ask(Stream stream, JsonObject request)
    {
        DaemonWire.Write(stream, DaemonWire.Request, Encoding.UTF8.GetBytes(request.ToJsonString()));
        var written = new StringBuilder();
        while (DaemonWire.Read(stream) is { } frame && frame.Kind != DaemonWire.Exit)
            if (frame.Kind == DaemonWire.Stdout) written.Append(Encoding.UTF8.GetString(frame.Payload));
        return written.ToString();
    }

    // A daemon holds its lock until it has closed its engines and deleted its socket: taking it (and letting it go at
    // once) is knowing that it is done.
    private static void WaitForLock(string path)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StopWait)
        {
            try
            {
                using var _ = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                return;
            }
            catch (FileNotFoundException)
            {
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(20);
            }
        }
    }
}
