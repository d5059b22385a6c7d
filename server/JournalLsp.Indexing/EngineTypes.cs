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

    /// <summary>Which files are indexed (include/exclude globs).</summary>
    public JournalFilter Filter { get; init; } = JournalFilter.All;

    /// <summary>The clock "last year" and "this month" count from.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>Progress of an indexing run, reported after each batch.</summary>
/// <param name="FilesDone">Files scanned and stored so far.</param>
/// <param name="FilesTotal">Files in the journal.</param>
/// <param name="ChunksEmbedded">Chunks embedded so far in this run.</param>
/// <param name="ChunksPerSecond">Embedding throughput so far (chunks/s).</param>
/// <param name="EntriesDone">Entries stored so far (unchanged files count as done).</param>
/// <param name="EntriesTotal">Entries the journal holds once this run ends.</param>
public sealed record IndexProgress(int FilesDone, int FilesTotal, int ChunksEmbedded, double ChunksPerSecond, int EntriesDone = 0, int EntriesTotal = 0);

/// <summary>What the index holds, read from its last commit.</summary>
/// <param name="Files">Journal files indexed (not skipped).</param>
/// <param name="Entries">Entries in the index.</param>
/// <param name="Chunks">Chunks in the index.</param>
/// <param name="Skipped">Files not indexed, with reasons.</param>
/// <param name="Warnings">Files indexed despite a problem, with the problem.</param>
/// <param name="LastIndexedAt">When the last full indexing run ended, or null if none has.</param>
public sealed record IndexStatus(
    int Files, int Entries, int Chunks, IReadOnlyList<SkippedFile> Skipped, IReadOnlyList<SkippedFile> Warnings, DateTimeOffset? LastIndexedAt);

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
/// <param name="LastSeen">When the entry was last opened in an editor, or null if never (as far as the index knows).</param>
public sealed record SearchResult(
    DateOnly? Date, string Path, int StartLine, int EndLine, double Score, string Snippet,
    int EntryStartLine, int EntryEndLine, string Heading, DateTimeOffset? LastSeen = null);

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
/// <param name="ForgottenWeight">
/// How strongly to prefer entries not opened for a long time, 0 (off) to 1: a score loses
/// weight × 2^(−days since the entry was last opened / 30). Cosine gaps between neighbours in a list are ~0.01-0.05,
/// so 0.1 moves an entry opened today well down while one untouched for a year loses nothing noticeable.
/// </param>
public sealed record SimilarQuery(
    DateOnly? Date = null, string? Path = null, int? Line = null, int Top = 10, int NeighbourDays = 3, double ForgottenWeight = 0);

/// <summary>A request the engine cannot answer, with a message for the person who asked.</summary>
public sealed class JournalException(string message) : Exception(message);
