using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace JournalLsp.Cli.Daemon;

/// <summary>
/// A Unix domain stream socket through libc itself (Linux and macOS), each connection a <see cref="FileStream"/> over
/// its descriptor. Not System.Net.Sockets: its <c>Bind</c> and <c>UnixDomainSocketEndPoint</c> ask whether the OS
/// supports IPv4 and IPv6, and .NET finds out by creating an AF_INET and an AF_INET6 socket, which a program that
/// opens no internet socket must not do (PrivacyTests trace every socket; they caught the first daemon doing it).
/// </summary>
internal static class LocalSocket
{
    private const int AfUnix = 1;       // AF_UNIX, the same on Linux and macOS
    private const int SockStream = 1;   // SOCK_STREAM, the same on both
    private const short PollIn = 1;     // POLLIN, the same on both
    private const int Interrupted = 4;  // EINTR
    // SOCK_CLOEXEC (Linux only, with socket's type and accept4's flags): no child inherits the daemon's sockets. macOS
    // has neither; the daemon starts no process there or here, so its descriptors have no one to leak to.
    private const int CloseOnExecLinux = 0x80000;

    /// <summary>Whether this platform has them here (not Windows: its AF_UNIX goes through Winsock).</summary>
    public static bool Supported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>A socket listening at <paramref name="path"/> (a file created by bind; any old one must be gone).</summary>
    /// <exception cref="IOException">When the socket cannot be created, bound or listened on.</exception>
    public static SafeFileHandle Listen(string path, int backlog)
    {
        var socket = Create();
        var address = Address(path);
        if (bind(socket.DangerousGetHandle().ToInt32(), address, address.Length) != 0) throw Failed(socket, $"bind {path}");
        if (listen(socket.DangerousGetHandle().ToInt32(), backlog) != 0) throw Failed(socket, "listen");
        return socket;
    }

    /// <summary>
    /// The next connection, or null when none came within <paramref name="wait"/> or accepting it failed (a client
    /// that gave up meanwhile, or no descriptor left for now: the caller goes on serving).
    /// </summary>
    /// <exception cref="IOException">When poll fails.</exception>
    public static FileStream? Accept(SafeFileHandle listener, TimeSpan wait)
    {
        if (!Readable(listener, wait)) return null;
        var fd = listener.DangerousGetHandle().ToInt32();
        var connection = OperatingSystem.IsLinux() ? accept4(fd, IntPtr.Zero, IntPtr.Zero, CloseOnExecLinux) : accept(fd, IntPtr.Zero, IntPtr.Zero);
        return connection < 0 ? null : Wrap(connection);
    }

    /// <summary>Whether <paramref name="socket"/> has something to read (or has been closed) within <paramref name="wait"/>.</summary>
    /// <exception cref="IOException">When poll fails.</exception>
    public static bool Readable(SafeHandle socket, TimeSpan wait)
    {
        var poll = new PollFd { Fd = socket.DangerousGetHandle().ToInt32(), Events = PollIn };
        return PollOnce(ref poll, (int)Math.Min(int.MaxValue, wait.TotalMilliseconds)) > 0;
    }

    /// <summary>A connection to the socket at <paramref name="path"/>, or null when nothing listens there.</summary>
    public static FileStream? Connect(string path)
    {
        var socket = Create();
        var address = Address(path);
        if (connect(socket.DangerousGetHandle().ToInt32(), address, address.Length) != 0)
        {
            socket.Dispose();
            return null;
        }
        return new FileStream(socket, FileAccess.ReadWrite, bufferSize: 0);
    }

    /// <summary>Whether a <c>sockaddr_un</c> holds <paramref name="path"/> (104 bytes on macOS, 108 on Linux, with its zero).</summary>
    public static bool Fits(string path) => Encoding.UTF8.GetByteCount(path) < 104 - 2;

    private static SafeFileHandle Create()
    {
        var fd = socket(AfUnix, SockStream | (OperatingSystem.IsLinux() ? CloseOnExecLinux : 0), 0);
        return fd < 0 ? throw new IOException($"socket: error {Marshal.GetLastPInvokeError()}") : new SafeFileHandle((IntPtr)fd, ownsHandle: true);
    }

    private static FileStream Wrap(int fd) => new(new SafeFileHandle((IntPtr)fd, ownsHandle: true), FileAccess.ReadWrite, bufferSize: 0);

    private static int PollOnce(ref PollFd poll, int milliseconds)
    {
        var ready = Poll(ref poll, 1, milliseconds);
        if (ready >= 0) return ready;
        return Marshal.GetLastPInvokeError() == Interrupted ? 0 : throw new IOException($"poll: error {Marshal.GetLastPInvokeError()}");
    }

    // sockaddr_un: the family in two bytes (Linux: a 16-bit family; macOS: a length byte, then the family), then the
    // path and its terminating zero.
    private static byte[] Address(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        var address = new byte[2 + bytes.Length + 1];
        if (OperatingSystem.IsMacOS())
        {
            address[0] = (byte)address.Length;
            address[1] = AfUnix;
        }
        else
        {
            address[0] = AfUnix;
        }
        bytes.CopyTo(address, 2);
        return address;
    }

    private static IOException Failed(SafeFileHandle socket, string what)
    {
        var error = Marshal.GetLastPInvokeError();
        socket.Dispose();
        return new IOException($"{what}: error {error}");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

#pragma warning disable SYSLIB1054 // DllImport, not LibraryImport: this project compiles no unsafe code
    [DllImport("libc", SetLastError = true)]
    private static extern int socket(int domain, int type, int protocol);

    [DllImport("libc", SetLastError = true)]
    private static extern int bind(int socket, byte[] address, int length);

    [DllImport("libc", SetLastError = true)]
    private static extern int listen(int socket, int backlog);

    [DllImport("libc", SetLastError = true)]
    private static extern int accept(int socket, IntPtr address, IntPtr length);

    [DllImport("libc", SetLastError = true)]
    private static extern int accept4(int socket, IntPtr address, IntPtr length, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int connect(int socket, byte[] address, int length);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int Poll(ref PollFd fds, nuint count, int milliseconds);
#pragma warning restore SYSLIB1054
}
