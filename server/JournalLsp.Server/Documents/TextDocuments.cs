using System.Collections.Concurrent;
using System.Text;
using JournalLsp.Core.Text;
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

    /// <summary>The string offset of <paramref name="position"/> (<see cref="LineIndex.OffsetOf"/>).</summary>
    public static int OffsetOf(string text, Position position) => LineIndex.OffsetOf(text, position.Line, position.Character);

    /// <summary>Line <paramref name="line"/> of <paramref name="text"/> without its line break, or null past the end.</summary>
    public static string? LineAt(string text, int line) => LineIndex.LineAt(text, line);
}
