namespace JournalLsp.Indexing;

/// <summary>A file left out of the index, and why.</summary>
/// <param name="Path">Relative to the journal folder.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record SkippedFile(string Path, string Reason);

/// <summary>A file indexed despite a problem, and the problem.</summary>
/// <param name="Path">Relative to the journal folder.</param>
/// <param name="Warning">The problem, in words.</param>
public sealed record FileWarning(string Path, string Warning);
