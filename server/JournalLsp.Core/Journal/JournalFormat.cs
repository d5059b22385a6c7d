namespace JournalLsp.Core.Journal;

/// <summary>
/// A way of keeping a journal in files: which files it reads (by extension) and how one file's text becomes entries.
/// Everything that needs to know whether a file belongs to the journal or what its entries are (the indexer, the
/// editor's buffers, journal detection, the file filter and watcher) asks <see cref="JournalFormats"/>, never a file
/// extension or a parser directly, so a new format plugs in here.
/// </summary>
public interface IJournalFormat
{
    /// <summary>A short name for logs and settings ("markdown").</summary>
    string Name { get; }

    /// <summary>The file name extensions it reads, with the dot, lower case (".md").</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>
    /// The entries of <paramref name="text"/>, the content of the file at <paramref name="relativePath"/>; never throws
    /// for bad input (a problem becomes a warning).
    /// </summary>
    /// <param name="relativePath">'/'-separated, relative to the journal folder (a date in it may date the file).</param>
    /// <param name="text">The file's text.</param>
    /// <param name="privateFlag">The key that marks a file private besides <c>private</c> (<see cref="JournalParser.DefaultPrivateFlag"/>).</param>
    /// <param name="layout">What the journal folder says of itself (daily-note patterns, time zone); <see cref="JournalLayout.Default"/> when null.</param>
    ParsedJournalFile Parse(string relativePath, string text, string privateFlag = JournalParser.DefaultPrivateFlag, JournalLayout? layout = null);

    /// <summary>Whether the file is marked private, without parsing its entries (a private file is never indexed).</summary>
    bool IsPrivate(string text, string privateFlag = JournalParser.DefaultPrivateFlag);
}

/// <summary>Markdown journals: <c>*.md</c> files read by <see cref="JournalParser"/>.</summary>
public sealed class MarkdownJournal : IJournalFormat
{
    /// <summary>The one instance.</summary>
    public static MarkdownJournal Instance { get; } = new();

    private MarkdownJournal()
    {
    }

    /// <inheritdoc />
    public string Name => "markdown";

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; } = [".md"];

    /// <inheritdoc />
    public ParsedJournalFile Parse(string relativePath, string text, string privateFlag = JournalParser.DefaultPrivateFlag, JournalLayout? layout = null) =>
        JournalParser.Parse(relativePath, text, privateFlag, layout);

    /// <inheritdoc />
    public bool IsPrivate(string text, string privateFlag = JournalParser.DefaultPrivateFlag) => JournalParser.IsPrivate(text, privateFlag);
}

/// <summary>The journal formats this build reads, and which one a file is in.</summary>
public static class JournalFormats
{
    /// <summary>Every format, in the order they are tried.</summary>
    public static IReadOnlyList<IJournalFormat> All { get; } = [MarkdownJournal.Instance, OrgJournal.Instance, JrnlJournal.Instance];

    /// <summary>The journal files' globs, relative to the folder (<c>**/*.md</c>, <c>**/*.org</c>, <c>**/*.txt</c>): the default include and the file watcher.</summary>
    public static IReadOnlyList<string> Globs { get; } = [.. All.SelectMany(f => f.Extensions).Select(e => "**/*" + e)];

    /// <summary>The format of the file at <paramref name="path"/> (by its extension, any case), or null when none reads it.</summary>
    public static IJournalFormat? Of(string path)
    {
        foreach (var format in All)
            foreach (var extension in format.Extensions)
                if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) return format;
        return null;
    }
}
