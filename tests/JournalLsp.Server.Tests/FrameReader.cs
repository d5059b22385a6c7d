using System.Text;
using System.Text.Json;

namespace JournalLsp.Server.Tests;

/// <summary>Reads LSP frames off a raw stream, strictly: anything but <c>Content-Length</c> frames fails the test.</summary>
internal sealed class FrameReader(Stream stream)
{
    /// <summary>Server-to-client notifications skipped while waiting for a response.</summary>
    public List<JsonDocument> Notifications { get; } = [];

    /// <summary>The next response (a message with no method), skipping notifications.</summary>
    public async Task<JsonDocument> NextAsync()
    {
        while (true)
        {
            var doc = await NextFrameAsync();
            if (!doc.RootElement.TryGetProperty("method", out _)) return doc;
            Notifications.Add(doc);
        }
    }

    public async Task<JsonDocument> NextFrameAsync()
    {
        var header = new StringBuilder();
        var one = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one).AsTask().WaitAsync(TimeSpan.FromSeconds(60)) == 0) throw new EndOfStreamException($"stream ended after '{header}'");
            header.Append((char)one[0]);
        }
        var text = header.ToString();
        Assert.StartsWith("Content-Length: ", text);
        var length = int.Parse(text["Content-Length: ".Length..].Trim());
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        return JsonDocument.Parse(body);
    }
}

/// <summary>Writes LSP frames to a raw stream.</summary>
internal static class Frames
{
    public static async Task SendAsync(Stream stream, string body, int? contentLength = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {contentLength ?? bytes.Length}\r\n\r\n"));
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    public static Task SendAsync(Stream stream, object message) => SendAsync(stream, JsonSerializer.Serialize(message));
}
