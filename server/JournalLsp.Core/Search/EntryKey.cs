namespace JournalLsp.Core.Search;

/// <summary>
/// Names an entry stably, across re-indexing and edits above it: its file and its day, or for an undated note '#' and
/// its heading. Line numbers are not identity (they move with every edit above the entry); this is. Used by the
/// seen-log, by hover and code lens (which already know the entry from the buffer) and by similar-days queries.
/// Two entries of one file on the same day share a key; lookups take the first.
/// </summary>
/// <param name="Path">File relative to the journal folder, '/'-separated.</param>
/// <param name="Name">YYYY-MM-DD, or '#' and the heading for an undated note.</param>
public readonly record struct EntryKey(string Path, string Name)
{
    /// <summary>The key of an entry in <paramref name="path"/> on <paramref name="date"/>, or with <paramref name="heading"/> when undated.</summary>
    public static EntryKey Of(string path, DateOnly? date, string heading) =>
        new(path, date is { } d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "#" + heading);

    /// <summary>The key of an indexed entry.</summary>
    public static EntryKey Of(EntryInfo entry) => Of(entry.Path, entry.Date, entry.Heading);
}
