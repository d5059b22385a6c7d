using Microsoft.Extensions.AI;

namespace JournalLsp.Indexing.Embeddings;

/// <summary>
/// What the engine needs of an embedding model: Microsoft.Extensions.AI's generator, plus the model's token counter
/// (the chunker measures chunks in model tokens) and synchronous batch calls for the indexing thread.
/// <see cref="OnnxEmbeddingGenerator"/> is the one we ship; tests pass a shared or a deterministic one through
/// <see cref="JournalEngineOptions.Embedder"/>.
/// </summary>
public interface ITextEmbedder : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model: its id is part of every vector key, its dimensions the corpus's.</summary>
    EmbeddingModelInfo Model { get; }

    /// <summary>Model tokens in <paramref name="text"/>, without [CLS] and [SEP].</summary>
    int CountTokens(string text);

    /// <summary>Passages to vectors: float[texts.Count][dimensions], each L2-normalised, in input order.</summary>
    /// <exception cref="OperationCanceledException">When cancelled between batches.</exception>
    float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);

    /// <summary>
    /// Entries' passages and sentence windows to vectors: per entry, both float[n][dimensions], L2-normalised, in input
    /// order. <see cref="OnnxEmbeddingGenerator"/> pools windows from their passages' token states (late chunking); by
    /// default each list is embedded on its own.
    /// </summary>
    /// <exception cref="OperationCanceledException">When cancelled between batches.</exception>
    IReadOnlyList<(float[][] Passages, float[][] Windows)> EmbedWithWindows(
        IReadOnlyList<(IReadOnlyList<string> Passages, IReadOnlyList<string> Windows)> entries, CancellationToken cancellationToken = default) =>
        EachOnItsOwn(this, entries, cancellationToken);

    /// <summary><see cref="EmbedWithWindows"/> without late chunking: each entry's passages and windows embedded as texts of their own.</summary>
    static IReadOnlyList<(float[][] Passages, float[][] Windows)> EachOnItsOwn(ITextEmbedder embedder,
        IReadOnlyList<(IReadOnlyList<string> Passages, IReadOnlyList<string> Windows)> entries, CancellationToken cancellationToken) =>
        entries.Select(e => (embedder.Embed(e.Passages, cancellationToken), e.Windows.Count == 0 ? [] : embedder.Embed(e.Windows, cancellationToken))).ToList();

    /// <summary>A question to one float[dimensions] unit vector (with the model's query prefix).</summary>
    float[] EmbedQuery(string question);
}
