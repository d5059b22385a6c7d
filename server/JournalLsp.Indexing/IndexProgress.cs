namespace JournalLsp.Indexing;

/// <summary>Progress of an indexing run, reported after each batch.</summary>
/// <param name="FilesDone">Files scanned and stored so far.</param>
/// <param name="FilesTotal">Files in the journal.</param>
/// <param name="ChunksEmbedded">Chunks embedded so far in this run.</param>
/// <param name="ChunksPerSecond">Embedding throughput so far (chunks/s).</param>
/// <param name="EntriesDone">Entries stored so far (unchanged files count as done).</param>
/// <param name="EntriesTotal">Entries the journal holds once this run ends.</param>
public sealed record IndexProgress(int FilesDone, int FilesTotal, int ChunksEmbedded, double ChunksPerSecond, int EntriesDone = 0, int EntriesTotal = 0);
