namespace JournalLsp.Indexing;

/// <summary>What an indexing run did. Counts of entries and chunks are for the whole index after the run.</summary>
/// <param name="Files">Journal files indexed (not skipped).</param>
/// <param name="Entries">Entries in the index.</param>
/// <param name="Chunks">Chunks in the index.</param>
/// <param name="Embedded">Chunks and windows embedded by the model in this run.</param>
/// <param name="Reused">Chunks and windows whose vector came from the index.</param>
/// <param name="TokensEmbedded">Model tokens embedded in this run ([CLS]/[SEP] included).</param>
/// <param name="ChangedFiles">Files new or changed since the last run.</param>
/// <param name="RemovedFiles">Files that left the journal and the index.</param>
/// <param name="Skipped">Files not indexed, with reasons.</param>
/// <param name="Warnings">Files indexed despite a problem, with the problem.</param>
/// <param name="Seconds">Wall-clock time of the run (s).</param>
/// <param name="Windows">Sentence windows in the index, besides <paramref name="Chunks"/>.</param>
/// <param name="TemplateLines">The journal's template lines, left out of what is embedded and searched (<see cref="IndexStatus.TemplateLines"/>).</param>
public sealed record IndexSummary(
    int Files, int Entries, int Chunks, int Embedded, int Reused, long TokensEmbedded, int ChangedFiles, int RemovedFiles,
    IReadOnlyList<SkippedFile> Skipped, IReadOnlyList<FileWarning> Warnings, double Seconds, IReadOnlyList<string>? TemplateLines = null,
    int Windows = 0)
{
    /// <summary>
    /// What this run found and repaired, in plain words, each said once: a damaged index moved aside, an index of
    /// another schema version or another model built again. Empty for an ordinary run.
    /// </summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>
    /// Files this run read and hashed: 0 when every file's stat matched the one recorded when it was last read
    /// (<see cref="Core.Journal.FileStamp"/>), all of them when any changed, came or went, had no stamp to vouch for it
    /// (read too soon after a write, unreadable, indexed from an editor's text) or a rebuild was asked for (the template
    /// lines are counted over every file).
    /// </summary>
    public int FilesRead { get; init; }
}
