using System.Buffers.Binary;

namespace JournalLsp.Cli.Daemon;

/// <summary>
/// Frames on the daemon's socket, each a kind byte, a 4-byte little-endian length and that many bytes. The client
/// sends one <see cref="Request"/> (UTF-8 JSON: <c>{"args": [...], "cwd": "...", "stderrTerminal": bool}</c>, or
/// <c>{"stop": true}</c>, or <c>{"status": true}</c>); the daemon answers with <see cref="Started"/> when it takes the
/// request up, any number of <see cref="Stdout"/> and <see cref="Stderr"/> frames as the command writes, and one
/// <see cref="Exit"/> (the exit code, a 4-byte little-endian int).
/// </summary>
internal static class DaemonWire
{
    public const byte Request = (byte)'q';
    public const byte Started = (byte)'s';
    public const byte Stdout = (byte)'o';
    public const byte Stderr = (byte)'e';
    public const byte Exit = (byte)'x';

    // A request is a command line; an output frame one write of a command. 16 MiB is far above either and keeps a
    // stray peer from making the other side allocate gigabytes.
    private const int MaxPayload = 16 << 20;

    /// <summary>Writes one frame.</summary>
    /// <exception cref="IOException">When the peer has gone.</exception>
    public static void Write(Stream stream, byte kind, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[5];
        header[0] = kind;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], payload.Length);
        stream.Write(header);
        stream.Write(payload);
        stream.Flush();
    }

    /// <summary>Reads one frame; null when the stream ends before a whole frame.</summary>
    /// <exception cref="IOException">When the peer has gone, or a frame claims more than 16 MiB.</exception>
    public static (byte Kind, byte[] Payload)? Read(Stream stream)
    {
        Span<byte> header = stackalloc byte[5];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length) return null;
        var length = BinaryPrimitives.ReadInt32LittleEndian(header[1..]);
        if (length is < 0 or > MaxPayload) throw new IOException($"a daemon frame of {length} bytes");
        var payload = new byte[length];
        return stream.ReadAtLeast(payload, length, throwOnEndOfStream: false) < length ? null : (header[0], payload);
    }

    /// <summary>An exit code as an <see cref="Exit"/> frame's payload.</summary>
    public static byte[] ExitCode(int code)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, code);
        return bytes;
    }

    /// <summary>The exit code an <see cref="Exit"/> frame carries (1 when the payload is not 4 bytes).</summary>
    public static int ExitCode(byte[] payload) => payload.Length == 4 ? BinaryPrimitives.ReadInt32LittleEndian(payload) : 1;
}
