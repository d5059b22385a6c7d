namespace JournalLsp.Indexing;

/// <summary>What the index holds, read from its last commit.</summary>
/// <param name="Files">Journal files indexed (not skipped).</param>
/// <param name="Entries">Entries in the index.</param>
/// <param name="Chunks">Chunks in the index.</param>
/// <param name="Skipped">Files not indexed, with reasons.</param>
/// <param name="Warnings">Files indexed despite a problem, with the problem.</param>
/// <param name="LastIndexedAt">When the last full indexing run ended, or null if none has.</param>
/// <param name="TemplateLines">
/// The journal's template lines, left out of what is embedded and searched (<see cref="Core.Journal.TemplateLines"/>),
/// normalised; empty when there are none.
/// </param>
/// <param name="Windows">Sentence windows in the index (<see cref="JournalEngineOptions.Windows"/>).</param>
public sealed record IndexStatus(
    int Files, int Entries, int Chunks, IReadOnlyList<SkippedFile> Skipped, IReadOnlyList<FileWarning> Warnings, DateTimeOffset? LastIndexedAt,
    IReadOnlyList<string>? TemplateLines = null, int Windows = 0);
