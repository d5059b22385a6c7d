namespace JournalLsp.Core.Journal;

/// <summary>
/// One dated day of a journal (or one undated note): where it lives in its file and what it says.
/// </summary>
/// <param name="Date">The day the entry is about, or null for an undated note.</param>
/// <param name="Heading">The heading that opened the entry (without the leading #'s), or "" when none.</param>
/// <param name="StartLine">First line of the entry in its file, 0-based (the heading line when there is one).</param>
/// <param name="EndLine">Last non-blank line of the entry, 0-based and inclusive.</param>
/// <param name="Body">The entry's text without its date heading, as it appears in the file.</param>
/// <param name="BodyStartLine">The 0-based file line on which <paramref name="Body"/> starts.</param>
public sealed record JournalEntry(
    DateOnly? Date,
    string Heading,
    int StartLine,
    int EndLine,
    string Body,
    int BodyStartLine);

/// <summary>The entries found in one journal file, and anything the parser had to work around.</summary>
/// <param name="Entries">Entries in file order; empty when the file holds no text.</param>
/// <param name="Warnings">Problems that did not stop indexing (broken front matter, an impossible date), for the summary.</param>
/// <param name="IsPrivate">True when front matter says <c>private: true</c>: the file must stay out of the index.</param>
public sealed record ParsedJournalFile(
    IReadOnlyList<JournalEntry> Entries,
    IReadOnlyList<string> Warnings,
    bool IsPrivate)
{
    /// <summary>
    /// True when nothing but the front matter's creation time (<c>created:</c>) dates the file: a note stamped when it was
    /// made, which may be a journal's day or any note of a vault, so it does not make a folder a journal.
    /// </summary>
    public bool DatedByCreation { get; init; }
}
