using System.Text;

namespace JournalLsp.Server.Lsp;

/// <summary>
/// The client's input with its first message read ahead, on the thread pool, while JSON-RPC is still being set up;
/// <paramref name="onFirstMessage"/> sees that message's content before JSON-RPC reads a byte, and JSON-RPC then reads
/// every byte, the first message's included, as if nothing had read them before. A first message that is not a
/// whole base-protocol frame (headers, a blank line, Content-Length bytes) is handed on as it came, without
/// <paramref name="onFirstMessage"/>, once the input ends, its header block passes 8 KB, or its content falls short.
/// </summary>
internal sealed class ReadAheadInput(Stream input, Action<ReadOnlyMemory<byte>> onFirstMessage) : Stream
{
    // A header block longer than this is not a client's first message; JSON-RPC says what is wrong with it.
    private const int MaxHeaderBytes = 8 * 1024;
    private const int MaxMessageBytes = 64 << 20;
    private const string ContentLengthHeader = "Content-Length:";

    // A thread of its own: it blocks on the input until the client's first message, and pool threads serve requests.
    private readonly Task<byte[]> _ahead = Task.Factory.StartNew(() => ReadAhead(input, onFirstMessage), CancellationToken.None,
        TaskCreationOptions.LongRunning, TaskScheduler.Default);
    private byte[]? _prefix;
    private int _at;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        _prefix ??= _ahead.GetAwaiter().GetResult();
        return _at < _prefix.Length ? FromPrefix(buffer) : input.Read(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _prefix ??= await _ahead.WaitAsync(cancellationToken).ConfigureAwait(false);
        return _at < _prefix.Length ? FromPrefix(buffer.Span) : await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) input.Dispose();
        base.Dispose(disposing);
    }

    private int FromPrefix(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _prefix!.Length - _at);
        _prefix.AsSpan(_at, n).CopyTo(buffer);
        _at += n;
        return n;
    }

    // The first frame's bytes as read (all of them, whatever they hold); its content goes to onFirstMessage first.
    private static byte[] ReadAhead(Stream input, Action<ReadOnlyMemory<byte>> onFirstMessage)
    {
        var read = new MemoryStream();
        try
        {
            var length = ContentLength(input, read);
            if (length is not { } n || n is < 0 or > MaxMessageBytes) return read.ToArray();
            var content = new byte[n];
            var got = input.ReadAtLeast(content, n, throwOnEndOfStream: false);
            read.Write(content, 0, got);
            if (got == n) onFirstMessage(content);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // What was read is handed on whatever failed: a failure to read, JSON-RPC meets on its next read; one of
            // onFirstMessage's costs only the head start.
        }
        return read.ToArray();
    }

    // The header block's Content-Length, read byte by byte up to its blank line and nothing past it, by the rules
    // LspMessageHandler reads it by: lines end in \n with an optional \r, blank lines before the block are skipped, the
    // last "Content-Length:" wins. Null when the input ends first, the block is too long, or it names no valid length
    // (the handler then says what is wrong with it).
    private static int? ContentLength(Stream input, MemoryStream read)
    {
        int? length = null;
        var headers = false;
        var line = new StringBuilder();
        while (read.Length < MaxHeaderBytes)
        {
            var b = input.ReadByte();
            if (b < 0) return null;
            read.WriteByte((byte)b);
            if (b != '\n')
            {
                line.Append((char)b);
                continue;
            }
            if (line.Length > 0 && line[^1] == '\r') line.Length--;
            if (line.Length == 0)
            {
                if (!headers) continue; // a blank line before the headers
                return length;
            }
            headers = true;
            var text = line.ToString();
            line.Clear();
            var at = text.IndexOf(ContentLengthHeader, StringComparison.Ordinal);
            if (at >= 0) length = int.TryParse(text.AsSpan(at + ContentLengthHeader.Length).Trim(), out var n) && n >= 0 ? n : null;
        }
        return null;
    }
}
