using System.Collections.Concurrent;
using JournalLsp.Core.Search;

namespace JournalLsp.Indexing;

/// <summary>
/// When each entry was last opened in an editor, in memory for ranking (the index's <c>entry_seen</c> table is the
/// copy on disk, written only by the <see cref="Indexer"/>). Thread-safe: the writer records, queries read.
/// </summary>
internal sealed class SeenLog
{
    private readonly ConcurrentDictionary<EntryKey, DateTimeOffset> _seen = new();

    /// <summary>Replaces the log with what the index holds.</summary>
    public void Load(IReadOnlyDictionary<EntryKey, DateTimeOffset> stored)
    {
        _seen.Clear();
        foreach (var (key, at) in stored) _seen[key] = at;
    }

    /// <summary>When each entry was last opened, by key; live (a record made later shows here too).</summary>
    public IReadOnlyDictionary<EntryKey, DateTimeOffset> All => _seen;

    /// <summary>Records that the entries were opened at <paramref name="at"/>.</summary>
    public void Record(IEnumerable<EntryKey> keys, DateTimeOffset at)
    {
        foreach (var key in keys) _seen[key] = at;
    }

    /// <summary>Forgets every entry of <paramref name="path"/> (it left the index or turned private).</summary>
    public void Forget(string path)
    {
        foreach (var key in _seen.Keys)
            if (key.Path == path) _seen.TryRemove(key, out _);
    }

    /// <summary>Forgets everything (the index was deleted).</summary>
    public void Clear() => _seen.Clear();
}
