using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using JournalLsp.Indexing;

namespace JournalLsp.Cli.Daemon;

/// <summary>
/// The daemon: one process per user, build and environment (<see cref="DaemonAddress"/>) that answers
/// <see cref="DaemonClient.Commands"/> with engines it keeps open (<see cref="Engines"/>), one command at a time (a
/// command sets the process's current folder and console), until it has been unused for its idle time, its socket
/// file is gone, or its program file has changed. It opens no socket but its Unix domain socket, whose folder and
/// file are the owner's only (0700 and 0600), and writes nothing else (docs/privacy.md).
/// </summary>
internal static class Daemon
{
    // How often an idle daemon checks its socket and its program file.
    private static readonly TimeSpan Check = TimeSpan.FromSeconds(2);

    /// <summary>Serves until idle for <paramref name="idle"/>; returns 0, also when another daemon already serves.</summary>
    public static int Run(TimeSpan idle)
    {
        if (!LocalSocket.Supported) return 1;
        // A session of its own: the terminal's Ctrl-C and hang-up go to the command that started it, not here.
        _ = SetSid();
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);
        var address = DaemonAddress.ForThisProcess();
        IndexLocation.CreateFolder(address.Folder);
        using var owner = Own(address.LockPath);
        if (owner is null) return 0;

        File.Delete(address.SocketPath); // a daemon that died left it; the lock says no daemon uses it
        using var listener = LocalSocket.Listen(address.SocketPath, backlog: 16);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(address.SocketPath, Indexing.Privacy.PrivateStorage.OwnerOnlyFile);
        var program = typeof(Daemon).Assembly.Location;
        var built = File.GetLastWriteTimeUtc(program);
        try
        {
            using var engines = new Engines(keep: true);
            var commands = CliApp.Build(engines);
            var lastUsed = DateTime.UtcNow;
            while (true)
            {
                using var connection = LocalSocket.Accept(listener, Check);
                if (connection is null)
                {
                    if (DateTime.UtcNow - lastUsed > idle || !File.Exists(address.SocketPath) || File.GetLastWriteTimeUtc(program) != built)
                        return 0;
                    continue;
                }
                if (!Serve(connection, commands)) return 0;
                lastUsed = DateTime.UtcNow;
            }
        }
        finally
        {
            File.Delete(address.SocketPath); // before the lock goes: a client now starts the next daemon
        }
    }

    // One request: a command run with this process's console and folder set to the client's, its output sent as it is
    // written. Returns false for a stop request.
    private static bool Serve(Stream stream, RootCommand commands)
    {
        var output = new ClientOutput(stream);
        JsonNode? request;
        try
        {
            if (DaemonWire.Read(stream) is not { Kind: DaemonWire.Request } frame) return true;
            request = JsonNode.Parse(frame.Payload);
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return true; // not one of ours, or gone
        }
        if (request?["stop"]?.GetValue<bool>() == true)
        {
            output.Send(DaemonWire.Exit, DaemonWire.ExitCode(0));
            return false;
        }
        var args = request?["args"]?.AsArray().Select(a => a?.GetValue<string>() ?? "").ToArray() ?? [];
        int code;
        using (var stdout = new StreamWriter(new FrameStream(output, DaemonWire.Stdout), new UTF8Encoding(false)) { AutoFlush = true })
        using (var stderr = new StreamWriter(new FrameStream(output, DaemonWire.Stderr), new UTF8Encoding(false)) { AutoFlush = true })
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            Output.ErrorIsTerminal = request?["stderrTerminal"]?.GetValue<bool>() == true;
            try
            {
                Environment.CurrentDirectory = request?["cwd"]?.GetValue<string>() ?? Environment.CurrentDirectory;
                code = args.Length > 0 && DaemonClient.Commands.Contains(args[0]) ? commands.Parse(args).Invoke() : 1;
            }
            catch (Exception e)
            {
                // The command's own errors are said by the command; this is one it did not expect. The daemon goes on.
                Console.Error.WriteLine($"error: {e.Message}");
                code = 1;
            }
            finally
            {
                Console.SetOut(TextWriter.Null);
                Console.SetError(TextWriter.Null);
            }
        }
        output.Send(DaemonWire.Exit, DaemonWire.ExitCode(code));
        return true;
    }

    // The lock that makes this process the daemon of its key, or null when another holds it. A daemon that is
    // exiting holds it a moment longer than its socket: wait that out.
    private static FileStream? Own(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = Indexing.Privacy.PrivateStorage.OwnerOnlyFile;
                return new FileStream(path, options);
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
