using JournalLsp.Core.Chunking;
using JournalLsp.Indexing.Embeddings;

namespace JournalLsp.Indexing;

/// <summary>Settings for a <see cref="JournalEngine"/>.</summary>
public sealed record JournalEngineOptions
{
    /// <summary>The journal folder (Markdown files, any layout).</summary>
    public required string JournalFolder { get; init; }

    /// <summary>The SQLite index file; null for <see cref="IndexLocation.DefaultIndexPath"/>.</summary>
    public string? IndexPath { get; init; }

    /// <summary>Folder the model is extracted to; null for <see cref="IndexLocation.ModelFolder"/>.</summary>
    public string? ModelFolder { get; init; }

    /// <summary>The embedding model.</summary>
    public EmbeddingModelInfo Model { get; init; } = EmbeddingModelInfo.MiniLmL6V2;

    /// <summary>How entries are cut into chunks.</summary>
    public ChunkerOptions Chunker { get; init; } = new();

    /// <summary>Files larger than this are skipped (bytes). 4 MiB is about 700,000 words, far beyond any one diary file.</summary>
    public long MaxFileBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The clock "last year" and "this month" count from.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>Progress of an indexing run, reported after each batch.</summary>
/// <param name="FilesDone">Files scanned and stored so far.</param>
/// <param name="FilesTotal">Files in the journal.</param>
/// <param name="ChunksEmbedded">Chunks embedded so far in this run.</param>
/// <param name="ChunksPerSecond">Embedding throughput so far (chunks/s).</param>
public sealed record IndexProgress(int FilesDone, int FilesTotal, int ChunksEmbedded, double ChunksPerSecond);

/// <summary>A file left out of the index, and why.</summary>
/// <param name="Path">Relative to the journal folder.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record SkippedFile(string Path, string Reason);

/// <summary>What an indexing run did. Counts of entries and chunks are for the whole index after the run.</summary>
/// <param name="Files">Journal files indexed (not skipped).</param>
/// <param name="Entries">Entries in the index.</param>
/// <param name="Chunks">Chunks in the index.</param>
/// <param name="Embedded">Chunks embedded by the model in this run.</param>
/// <param name="Reused">Chunks whose vector came from the index.</param>
/// <param name="TokensEmbedded">Model tokens embedded in this run ([CLS]/[SEP] included).</param>
/// <param name="ChangedFiles">Files new or changed since the last run.</param>
/// <param name="RemovedFiles">Files that left the journal and the index.</param>
/// <param name="Skipped">Files not indexed, with reasons.</param>
/// <param name="Warnings">Files indexed despite a problem, with the problem.</param>
/// <param name="Seconds">Wall-clock time of the run (s).</param>
public sealed record IndexSummary(
    int Files, int Entries, int Chunks, int Embedded, int Reused, long TokensEmbedded, int ChangedFiles, int RemovedFiles,
    IReadOnlyList<SkippedFile> Skipped, IReadOnlyList<SkippedFile> Warnings, double Seconds);

/// <summary>A matching entry with the passage that matched.</summary>
/// <param name="Date">The entry's day, or null for an undated note.</param>
/// <param name="Path">File relative to the journal folder, '/'-separated.</param>
/// <param name="StartLine">First line of the matching passage, 0-based.</param>
/// <param name="EndLine">Last line of the matching passage, 0-based and inclusive.</param>
/// <param name="Score">Cosine similarity of the passage to the query, in [-1, 1].</param>
/// <param name="Snippet">The start of the matching passage, whitespace collapsed, at most about 280 characters.</param>
/// <param name="EntryStartLine">First line of the whole entry, 0-based.</param>
/// <param name="EntryEndLine">Last line of the whole entry, 0-based and inclusive.</param>
/// <param name="Heading">The entry's heading, or "".</param>
public sealed record SearchResult(
    DateOnly? Date, string Path, int StartLine, int EndLine, double Score, string Snippet,
    int EntryStartLine, int EntryEndLine, string Heading);

/// <summary>Options for <see cref="JournalEngine.Ask"/>.</summary>
/// <param name="Top">How many entries to return.</param>
/// <param name="From">Earliest day, combined with any date phrase in the question.</param>
/// <param name="To">Latest day, combined with any date phrase in the question.</param>
public sealed record AskOptions(int Top = 10, DateOnly? From = null, DateOnly? To = null);

/// <summary>Which entry <see cref="JournalEngine.Similar"/> starts from: a date, or a file (and a line in it).</summary>
/// <param name="Date">The entry's day.</param>
/// <param name="Path">A file, absolute or relative to the journal folder.</param>
/// <param name="Line">A 0-based line in <paramref name="Path"/>; the entry holding it is used. Null for the file's first entry.</param>
/// <param name="Top">How many entries to return.</param>
/// <param name="NeighbourDays">Entries within this many days of the source are left out (they read alike trivially).</param>
public sealed record SimilarQuery(DateOnly? Date = null, string? Path = null, int? Line = null, int Top = 10, int NeighbourDays = 3);

/// <summary>A request the engine cannot answer, with a message for the person who asked.</summary>
public sealed class JournalException(string message) : Exception(message);
