using System.Collections.Concurrent;
using JournalLsp.Core.Journal;
using JournalLsp.Core.Search;
using JournalLsp.Indexing;
using JournalLsp.Server.Lsp;

namespace JournalLsp.Server.Documents;

/// <summary>A document's entries as the editor holds them now (unsaved edits included).</summary>
/// <param name="Uri">The document's URI, as the client sent it.</param>
/// <param name="RelativePath">The file relative to the journal folder, '/'-separated.</param>
/// <param name="Text">The text.</param>
/// <param name="Entries">Its entries, parsed from <paramref name="Text"/>, in the order they start.</param>
internal sealed record DocumentEntries(string Uri, string RelativePath, string Text, IReadOnlyList<JournalEntry> Entries)
{
    /// <summary>The stable key of one of this document's entries (what the index knows it by).</summary>
    public EntryKey KeyOf(JournalEntry entry) => EntryKey.Of(RelativePath, entry.Date, entry.Heading);

    /// <summary>The entry holding <paramref name="line"/> (<see cref="EntrySelection.Holding"/>), or null past the text's end.</summary>
    public JournalEntry? At(int line)
    {
        if (line < 0 || Entries.Count > 0 && line > Entries[^1].EndLine && TextDocuments.LineAt(Text, line) is null) return null;
        return EntrySelection.Holding([.. Entries.Select(e => e.StartLine)], line) is { } i ? Entries[i] : null;
    }
}

/// <summary>
/// The entries of the journal's documents: from the editor's buffer when open, else from disk, parsed by the file's
/// journal format (<see cref="JournalFormats.Of"/>). Hover, code lens and resolve ask about the same text again and
/// again, so each URI's last parse is kept while its text stays the same.
/// </summary>
/// <param name="engine">The folder's engine: which files belong to the journal, the size limit, the private flag.</param>
/// <param name="documents">The editor's open buffers.</param>
internal sealed class ParsedDocuments(JournalEngine engine, TextDocuments documents)
{
    // Enough for the documents an editor shows at once; past it the cache starts again rather than growing.
    private const int MaxCached = 256;
    private readonly ConcurrentDictionary<string, ParsedText> _parsed = new(StringComparer.Ordinal);

    /// <summary>The entries of the document at <paramref name="uri"/>; null when it is not a journal file, unreadable or private.</summary>
    public DocumentEntries? EntriesOf(string uri)
    {
        if (Conversions.ToPath(uri) is not { } path || engine.RelativePath(path) is not { } relative) return null;
        if (JournalFormats.Of(relative) is not { } format) return null;
        var text = documents.Get(uri)?.Text ?? JournalFiles.Read(engine.JournalFolder, relative, engine.MaxFileBytes).Text;
        if (text is null) return null;
        if (_parsed.TryGetValue(uri, out var cached) && (ReferenceEquals(cached.Text, text) || cached.Text == text)) return cached.Entries;
        var parsed = format.Parse(relative, text, engine.PrivateFlag, engine.Layout);
        var result = parsed.IsPrivate ? null : new DocumentEntries(uri, relative, text, parsed.Entries); // private: nothing to show
        if (_parsed.Count > MaxCached) _parsed.Clear();
        _parsed[uri] = new ParsedText(text, result);
        return result;
    }

    /// <summary>Forgets every parse (the private flag changed, or the index was deleted).</summary>
    public void Clear() => _parsed.Clear();

    private sealed record ParsedText(string Text, DocumentEntries? Entries);
}
