using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using JournalLsp.Indexing;

namespace JournalLsp.Cli.Daemon;

/// <summary>
/// The daemon: one process per user, build and environment (<see cref="DaemonAddress"/>) that answers
/// <see cref="DaemonClient.Commands"/> with engines it keeps open (<see cref="Engines"/>), one command at a time (a
/// command sets the process's current folder and console), until it has been unused for its idle time, was told to
/// stop, its socket or lock file is gone, or its program has been rebuilt. Linux and macOS. It opens no socket but its
/// Unix domain socket (<see cref="LocalSocket"/>), whose folder and file are the owner's only (0700 and 0600), and
/// writes nothing but that socket and its lock file (docs/privacy.md).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class Daemon
{
    // How often an idle daemon checks its files and its program's build.
    private static readonly TimeSpan Check = TimeSpan.FromSeconds(2);

    // A client sends its request as soon as it connects; one that does not (stopped with Ctrl-Z) is let go.
    private static readonly TimeSpan RequestWait = TimeSpan.FromSeconds(5);

    private readonly DaemonAddress _address;
    private readonly Engines _engines;
    private readonly RootCommand _commands;
    private int _answered;

    private Daemon(DaemonAddress address, Engines engines)
    {
        _address = address;
        _engines = engines;
        _commands = CliApp.Build(engines);
    }

    /// <summary>Serves until idle for <paramref name="idle"/> (or stopped); returns 0, also when another daemon already serves.</summary>
    /// <exception cref="IOException">When the socket cannot be made (the client then runs its command itself).</exception>
    public static int Run(TimeSpan idle)
    {
        if (!LocalSocket.Supported) return 1;
        // A session of its own: the terminal's Ctrl-C and hang-up go to the command that started it, not here.
        _ = SetSid();
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);
        var build = DaemonAddress.Build();
        var address = DaemonAddress.ForThisProcess(build);
        IndexLocation.CreateFolder(address.Folder);
        using var owner = Own(address.LockPath);
        if (owner is null) return 0;

        File.Delete(address.SocketPath); // a daemon that died left it; the lock says no daemon uses it
        using var listener = LocalSocket.Listen(address.SocketPath, backlog: 16);
        File.SetUnixFileMode(address.SocketPath, Indexing.Privacy.PrivateStorage.OwnerOnlyFile);
        var bound = File.GetCreationTimeUtc(address.SocketPath);
        try
        {
            using var engines = new Engines(keep: true);
            new Daemon(address, engines).Serve(listener, idle, build);
        }
        finally
        {
            // Before the lock goes (a client then starts the next daemon), and only its own: a cache folder wiped and
            // made again may hold another daemon's socket at this path.
            if (File.Exists(address.SocketPath) && File.GetCreationTimeUtc(address.SocketPath) == bound) File.Delete(address.SocketPath);
        }
        return 0;
    }

    private void Serve(Microsoft.Win32.SafeHandles.SafeFileHandle listener, TimeSpan idle, string build)
    {
        var lastUsed = DateTime.UtcNow;
        while (true)
        {
            using (var connection = LocalSocket.Accept(listener, Check))
            {
                if (connection is not null)
                {
                    if (!Answer(connection)) return;
                    lastUsed = DateTime.UtcNow;
                    continue;
                }
            }
            if (DateTime.UtcNow - lastUsed > idle || !File.Exists(_address.SocketPath) || !File.Exists(_address.LockPath)
                || DaemonAddress.Build() != build)
                return;
        }
    }

    // One request: a command run with this process's console and folder set to the client's, its output sent as it
    // is written. Returns false for a stop request.
    private bool Answer(FileStream stream)
    {
        var output = new ClientOutput(stream);
        string[] args;
        bool stderrTerminal;
        string cwd;
        try
        {
            if (!LocalSocket.Readable(stream.SafeFileHandle, RequestWait) || DaemonWire.Read(stream) is not { Kind: DaemonWire.Request } frame)
                return true;
            var request = JsonNode.Parse(frame.Payload)!.AsObject();
            if (request["stop"]?.GetValue<bool>() == true)
            {
                output.Send(DaemonWire.Exit, DaemonWire.ExitCode(0));
                return false;
            }
            if (request["status"]?.GetValue<bool>() == true)
            {
                var status = new JsonObject { ["pid"] = Environment.ProcessId, ["commands"] = _answered, ["engines"] = _engines.Count };
                output.Send(DaemonWire.Stdout, Encoding.UTF8.GetBytes(status.ToJsonString() + "\n"));
                output.Send(DaemonWire.Exit, DaemonWire.ExitCode(0));
                return true;
            }
            args = [.. request["args"]!.AsArray().Select(a => a!.GetValue<string>())];
            stderrTerminal = request["stderrTerminal"]?.GetValue<bool>() == true;
            cwd = request["cwd"]!.GetValue<string>();
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            return true; // not one of ours, or gone: the next client is served
        }
        output.Send(DaemonWire.Started, []);
        output.Send(DaemonWire.Exit, DaemonWire.ExitCode(Run(args, cwd, stderrTerminal, output)));
        _answered++;
        return true;
    }

    // The command, as it would run alone in the client's folder, with its console.
    private int Run(string[] args, string cwd, bool stderrTerminal, ClientOutput output)
    {
        // As the client's console writes: its encoding (the daemon inherited the client's LANG), never a byte-order mark.
        var encoding = Console.OutputEncoding is UTF8Encoding ? new UTF8Encoding(false) : Console.OutputEncoding;
        using var stdout = new StreamWriter(new FrameStream(output, DaemonWire.Stdout), encoding) { AutoFlush = true };
        using var stderr = new StreamWriter(new FrameStream(output, DaemonWire.Stderr), encoding) { AutoFlush = true };
        Console.SetOut(stdout);
        Console.SetError(stderr);
        Output.ErrorIsTerminal = stderrTerminal;
        TimeZoneInfo.ClearCachedData(); // "today" as the machine has it now, not as when the daemon started
        try
        {
            Environment.CurrentDirectory = cwd;
            return args.Length > 0 && DaemonClient.Commands.Contains(args[0]) ? _commands.Parse(args).Invoke() : 1;
        }
        catch (Exception e)
        {
            // The command's own errors are said by the command; this is one it did not expect. The daemon goes on.
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        finally
        {
            Console.SetOut(TextWriter.Null);
            Console.SetError(TextWriter.Null);
            Environment.CurrentDirectory = "/"; // no hold on the client's folder (a drive to unmount) between commands
        }
    }

    // The lock that makes this process the daemon of its key, or null when another holds it. A daemon that is
    // exiting holds it a moment longer than its socket: wait that out.
    private static FileStream? Own(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None,
                    UnixCreateMode = Indexing.Privacy.PrivateStorage.OwnerOnlyFile,
                });
            }
            catch (IOException) when (attempt < 20)
            {
                Thread.Sleep(100);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

#pragma warning disable SYSLIB1054 // DllImport, not LibraryImport: this project compiles no unsafe code
    [DllImport("libc", EntryPoint = "setsid")]
    private static extern int SetSid();
#pragma warning restore SYSLIB1054

    /// <summary>
    /// The client's end of the socket. A client gone (Ctrl-C) is not an error here: the command runs to its end, so
    /// an index run is never cut short by a closed terminal, and what it writes after that is dropped.
    /// </summary>
    private sealed class ClientOutput(Stream stream)
    {
        private readonly Lock _gate = new();
        private bool _gone;

        public void Send(byte kind, ReadOnlySpan<byte> payload)
        {
            lock (_gate)
            {
                if (_gone) return;
                try
                {
                    DaemonWire.Write(stream, kind, payload);
                }
                catch (IOException)
                {
                    _gone = true;
                }
            }
        }
    }

    // stdout or stderr of a command in the daemon: each write a frame.
    private sealed class FrameStream(ClientOutput output, byte kind) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.Length > 0) output.Send(kind, buffer);
        }
    }
}
