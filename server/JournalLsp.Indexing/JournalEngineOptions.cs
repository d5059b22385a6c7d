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

    /// <summary>Folder the model is unpacked to; null for <see cref="IndexLocation.ModelFolder"/>.</summary>
    public string? ModelFolder { get; init; }

    /// <summary>The embedding model (the embedder's own when <see cref="Embedder"/> is given).</summary>
    public EmbeddingModelInfo Model { get; init; } = EmbeddingModelInfo.Default;

    /// <summary>
    /// The embedder to use, or null to load <see cref="Model"/> with ONNX Runtime on first use. A given embedder is
    /// shared, not owned: the engine does not dispose it (tests pass one loaded model to every engine, or a fake).
    /// </summary>
    public ITextEmbedder? Embedder { get; init; }

    /// <summary>
    /// Cores indexing may use: texts embedded side by side, one per thread (the indexing thread and pool threads), and
    /// files read and chunked as widely; null for every core. A question's embedding runs on its own request's thread.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>How entries are cut into chunks (passages: BM25, similar days, and dense questions together with windows).</summary>
    public ChunkerOptions Chunker { get; init; } = new();

    /// <summary>
    /// How entries longer than one window are also cut into sentence windows for dense questions, or null for none.
    /// 64 tokens (a few sentences) with a 16-token overlap: measured against 128 and 192, it ranked the Pepys questions
    /// best (dense MRR@10 0.678 against 0.544 and 0.392), and fused with passages and BM25 it keeps SciFact where the
    /// passages alone had it (Ranking's figures).
    /// </summary>
    public ChunkerOptions? Windows { get; init; } = DefaultWindows;

    /// <summary>The default <see cref="Windows"/>: 64 tokens, 16 of them overlapping.</summary>
    public static ChunkerOptions DefaultWindows { get; } = new(TargetTokens: 64, OverlapTokens: 16);

    /// <summary>Files larger than this are skipped (bytes). 4 MiB is about 700,000 words, far beyond any one diary file.</summary>
    public long MaxFileBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Which files are indexed (include/exclude globs).</summary>
    public JournalFilter Filter { get; init; } = JournalFilter.All;

    /// <summary>The clock "last year" and "this month" count from.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
