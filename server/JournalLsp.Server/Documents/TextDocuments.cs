using System.Collections.Concurrent;
using System.Text;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Documents;

/// <summary>An open document's text at one version.</summary>
/// <param name="Uri">The document's URI as the client sent it.</param>
/// <param name="Version">The client's version number.</param>
/// <param name="Text">The full text.</param>
internal sealed record OpenDocument(string Uri, int Version, string Text);

/// <summary>
/// The documents the client has open, kept in step with <c>didOpen</c>/<c>didChange</c>/<c>didClose</c>. Edits are
/// incremental (TextDocumentSyncKind.Incremental): positions are 0-based lines and UTF-16 code units, as in LSP 3.17;
/// a position past the end of a line or of the document is clamped to it rather than refused.
/// </summary>
internal sealed class TextDocuments
{
    private readonly ConcurrentDictionary<string, OpenDocument> _open = new(StringComparer.Ordinal);

    public OpenDocument? Get(string uri) => _open.GetValueOrDefault(uri);

    public IReadOnlyCollection<OpenDocument> All => _open.Values.ToList();

    public void Open(string uri, int version, string text) => _open[uri] = new OpenDocument(uri, version, text);

    public void Close(string uri) => _open.TryRemove(uri, out _);

    /// <summary>Applies the changes in order; returns the new document, or null when it is not open.</summary>
    public OpenDocument? Change(string uri, int version, IEnumerable<TextDocumentContentChangeEvent> changes)
    {
        if (!_open.TryGetValue(uri, out var doc)) return null;
        var text = doc.Text;
        foreach (var change in changes) text = Apply(text, change);
        var updated = new OpenDocument(uri, version, text);
        _open[uri] = updated;
        return updated;
    }

    /// <summary>One change applied to <paramref name="text"/>: a range replaced, or the whole text when no range.</summary>
    public static string Apply(string text, TextDocumentContentChangeEvent change)
    {
        if (change.Range is null) return change.Text;
        var start = OffsetOf(text, change.Range.Start);
        var end = Math.Max(start, OffsetOf(text, change.Range.End));
        return new StringBuilder(text.Length - (end - start) + change.Text.Length)
            .Append(text, 0, start).Append(change.Text).Append(text, end, text.Length - end).ToString();
    }

    /// <summary>The string offset of <paramref name="position"/>; lines end at \n, \r\n or \r.</summary>
    public static int OffsetOf(string text, Position position)
    {
        var offset = 0;
        for (var line = 0; line < position.Line; line++)
        {
            var next = text.IndexOfAny(['\r', '\n'], offset);
            if (next < 0) return text.Length;
            offset = next + (text[next] == '\r' && next + 1 < text.Length && text[next + 1] == '\n' ? 2 : 1);
        }
        var lineEnd = text.IndexOfAny(['\r', '\n'], offset);
        if (lineEnd < 0) lineEnd = text.Length;
        return Math.Min(offset + Math.Max(0, position.Character), lineEnd);
    }

    /// <summary>Line <paramref name="line"/> of <paramref name="text"/> without its line break, or null past the end.</summary>
    public static string? LineAt(string text, int line)
    {
        if (line < 0) return null;
        var start = OffsetOf(text, new Position(line, 0));
        if (start == text.Length && line > 0 && CountLines(text) <= line) return null;
        var end = text.IndexOfAny(['\r', '\n'], start);
        return text[start..(end < 0 ? text.Length : end)];
    }

    private static int CountLines(string text)
    {
        var lines = 1;
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n'))) lines++;
        return lines;
    }
}
