namespace JournalLsp.Indexing;

/// <summary>What <see cref="JournalEngine.UpdateFile"/> or <see cref="JournalEngine.RemoveFile"/> did.</summary>
public enum FileUpdateKind
{
    /// <summary>The path is outside the journal folder: nothing was done.</summary>
    Outside,
    /// <summary>The index already held exactly this text.</summary>
    Unchanged,
    /// <summary>The file was (re-)indexed.</summary>
    Indexed,
    /// <summary>The file left the index (deleted, or no longer included).</summary>
    Removed,
}
