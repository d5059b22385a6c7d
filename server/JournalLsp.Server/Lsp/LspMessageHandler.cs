using System.Buffers;
using System.Text;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace JournalLsp.Server.Lsp;

/// <summary>
/// LSP's base protocol framing (<c>Content-Length: N\r\n\r\n</c> + N bytes of UTF-8 JSON) that survives a bad client.
/// StreamJsonRpc's own HeaderDelimitedMessageHandler ends the connection on the first unparseable message; an editor's
/// server must not die for one bad frame. Here a body that is not JSON-RPC is answered with ParseError (-32700,
/// <c>id: null</c>, as JSON-RPC 2.0 §5 asks), or InvalidRequest (-32600) with its id when it is JSON, and skipped, and a broken header (or a wrong Content-Length that leaves the
/// reader inside a body) is skipped up to the next <c>Content-Length:</c> header. Only end of input ends reading.
/// </summary>
internal sealed class LspMessageHandler : MessageHandlerBase
{
    // Far beyond any real message; a larger Content-Length is treated as a corrupt header.
    private const int MaxContentLength = 64 * 1024 * 1024;
    private static readonly byte[] s_contentLength = "Content-Length:"u8.ToArray();

    private readonly Stream _output;
    private readonly Stream _input;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;

    public LspMessageHandler(Stream output, Stream input, IJsonRpcMessageFormatter formatter) : base(formatter)
    {
        _output = output;
        _input = input;
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var length = await ReadHeaderAsync(cancellationToken);
            if (length is null) return null; // end of input
            var body = await ReadBytesAsync(length.Value, cancellationToken);
            if (body is null) return null;
            try
            {
                return Formatter.Deserialize(new ReadOnlySequence<byte>(body));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var message = $"message is not valid JSON-RPC ({e.GetType().Name}: {e.Message})";
                Console.Error.WriteLine($"[journal-lsp] {message}; skipped");
                await WriteErrorAsync(body, message, cancellationToken);
            }
        }
    }

    protected override async ValueTask WriteCoreAsync(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>();
        Formatter.Serialize(body, content);
        await WriteFrameAsync(body.WrittenMemory, cancellationToken);
    }

    protected override ValueTask FlushAsync(CancellationToken cancellationToken) => new(_output.FlushAsync(cancellationToken));

    // The answer to a body that is not a JSON-RPC message (JSON-RPC 2.0 §5.1): ParseError with a null id when it is
    // not JSON; when it is JSON whose id can be read (a request with params that are a number, say), InvalidRequest
    // with that id, so that the client's request is answered rather than left waiting.
    private Task WriteErrorAsync(byte[] body, string message, CancellationToken cancellationToken)
    {
        object? id = null;
        var code = JsonRpcErrorCode.ParseError;
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            code = JsonRpcErrorCode.InvalidRequest;
            // Only a request's id: a body without a method is the client's answer to one of ours, numbered by us.
            var root = json.RootElement;
            if (root.ValueKind == System.Text.Json.JsonValueKind.Object && root.TryGetProperty("method", out _) && root.TryGetProperty("id", out var given))
                id = given.ValueKind switch
                {
                    System.Text.Json.JsonValueKind.String => given.GetString(),
                    System.Text.Json.JsonValueKind.Number when given.TryGetInt64(out var n) => n,
                    _ => null,
                };
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            // Not JSON, or an id that is not a valid string (a lone surrogate): answered with a null id.
            id = null;
        }
        var answer = new ArrayBufferWriter<byte>();
        using (var json = new System.Text.Json.Utf8JsonWriter(answer))
        {
            json.WriteStartObject();
            json.WriteString("jsonrpc", "2.0");
            switch (id)
            {
                case string text: json.WriteString("id", text); break;
                case long number: json.WriteNumber("id", number); break;
                default: json.WriteNull("id"); break;
            }
            json.WriteStartObject("error");
            json.WriteNumber("code", (int)code);
            json.WriteString("message", message);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return WriteFrameAsync(answer.WrittenMemory, cancellationToken);
    }

    private async Task WriteFrameAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _output.WriteAsync(header, cancellationToken);
            await _output.WriteAsync(body, cancellationToken);
            await _output.FlushAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // Reads header lines up to the blank line; returns Content-Length, or null at end of input. A header block
    // without a usable Content-Length is reported and skipped.
    private async Task<int?> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        int? length = null;
        var broken = false;
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken);
            if (line is null) return null;
            if (line.Length == 0)
            {
                if (length is { } n && !broken) return n;
                if (length is null && !broken) continue; // stray blank line between messages
                Console.Error.WriteLine("[journal-lsp] a message header had no valid Content-Length; skipped");
                length = null;
                broken = false;
                continue;
            }
            // Resynchronise: a Content-Length header may follow garbage left by a wrong length on the previous frame.
            var at = line.AsSpan().IndexOf(s_contentLength);
            if (at >= 0)
            {
                if (at > 0) Console.Error.WriteLine($"[journal-lsp] skipped {at} stray bytes before a header");
                var value = Encoding.ASCII.GetString(line, at + s_contentLength.Length, line.Length - at - s_contentLength.Length).Trim();
                broken = !int.TryParse(value, out var parsed) || parsed < 0 || parsed > MaxContentLength;
                length = broken ? null : parsed;
            }
            else if (line.AsSpan().IndexOf((byte)':') < 0)
            {
                broken = true; // not a header line at all
            }
        }
    }

    // One line ending in \r\n (or \n), without the ending; null at end of input.
    private async Task<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new ArrayBufferWriter<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken)) return line.WrittenCount > 0 ? line.WrittenSpan.ToArray() : null;
            var span = _buffer.AsSpan(_start, _end - _start);
            var newline = span.IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (line.WrittenCount + span.Length > MaxContentLength) line.Clear(); // a runaway "line": drop it
                line.Write(span);
                _start = _end;
                continue;
            }
            line.Write(span[..newline]);
            _start += newline + 1;
            var result = line.WrittenSpan;
            if (result.Length > 0 && result[^1] == '\r') result = result[..^1];
            return result.ToArray();
        }
    }

    private async Task<byte[]?> ReadBytesAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            if (_start == _end && !await FillAsync(cancellationToken)) return null;
            var n = Math.Min(count - filled, _end - _start);
            Buffer.BlockCopy(_buffer, _start, result, filled, n);
            _start += n;
            filled += n;
        }
        return result;
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _input.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }
}
