namespace JournalLsp.Indexing;

/// <summary>The outcome of re-indexing one file.</summary>
/// <param name="Path">Relative to the journal folder, or "" when outside it.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Embedded">Chunks embedded (the rest reused their vectors).</param>
/// <param name="SkipReason">Why the file is not indexed (private, binary, ...), or null.</param>
public sealed record FileUpdate(string Path, FileUpdateKind Kind, int Embedded, string? SkipReason)
{
    /// <summary>The result for a path outside the journal folder.</summary>
    public static FileUpdate Outside { get; } = new("", FileUpdateKind.Outside, 0, null);
}
