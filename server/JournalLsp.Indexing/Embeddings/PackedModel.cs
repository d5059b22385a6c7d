using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Google.Protobuf;
using Onnx;

namespace JournalLsp.Indexing.Embeddings;

/// <summary>
/// The form a model ships in, half the size of its fp32 ONNX graph: every weight matrix (a float initializer of rank 2
/// and at least <see cref="MinPackedFloats"/> values: the word, position, layer and pooler weights, 39 of MiniLM's) is rounded
/// to fp16 with a chosen number of mantissa bits and stored as two byte planes, the high bytes (sign, exponent, top
/// mantissa bits) then the low ones. Everything else (biases, LayerNorm scales, the graph) stays as it is. The file
/// is not compressed: the .vsix and .nupkg are zip archives, and deflate codes each plane near its entropy, which
/// the planes bring out (MiniLM at 10 bits, deflate's smallest level: 39.6 MB as planes, 42.1 MB interleaved; fp32 83 MB).
/// <para>
/// Layout: the 8 bytes <c>JLPACK01</c>, a 16-byte id (the first half of the SHA-256 of what follows; it names the
/// caches made from the model, so they are read without hashing the file), then the ONNX <c>ModelProto</c> whose
/// packed initializers have data type FLOAT16 and the planes as raw data. <see cref="Unpack"/> turns every FLOAT16
/// initializer back into FLOAT, so a source model may hold none (<see cref="Pack"/> refuses one that does).
/// </para>
/// </summary>
public static class PackedModel
{
    /// <summary>The smallest weight matrix packed (biases, LayerNorm scales and the 2 × 384 token-type table stay fp32).</summary>
    public const int MinPackedFloats = 1024;

    /// <summary>
    /// Mantissa bits each weight matrix keeps: 6 for the word-embedding table (half of MiniLM's weights), 7 for the
    /// rest. The fewest that keep every passage's vector within cosine 0.99995 of fp32's (half the issue's 1e-4 gate)
    /// for both models, chosen on the first 1,200 characters of every 23rd diary day (149 days), one text at a time:
    /// MiniLM min 0.999979 (5/7 bits: 0.999949; 6/6: 0.999937), arctic-embed-xs 0.999997; held out (every 23rd day from
    /// the 12th, 148 days; PackedModelTests) 0.999980 and 0.999996. Plain fp16 (10/10) gives 0.9999997 at 38.8 MB
    /// deflated against 29.5 MB here, and 10 bits in the layers kept the int8 model quantised from them no closer to
    /// its figures from the package's weights (it answers to any rounding: docs/benchmarks.md, "A download half the
    /// size"). The widths change the vectors, so they are part of <see cref="Form"/>.
    /// </summary>
    public static int MantissaBits(string tensorName) => tensorName.Contains("word_embeddings", StringComparison.Ordinal) ? 6 : 7;

    /// <summary>
    /// The packed weights' form, part of every vector id (<see cref="EmbeddingModelInfo.VectorId"/>): fp16, then the
    /// mantissa bits of the layer weights (m) and of the word embeddings (e), "fp16m7e6".
    /// </summary>
    public static string Form { get; } = $"fp16m{MantissaBits("")}e{MantissaBits("word_embeddings")}";

    private const int OnnxFloat = 1, OnnxFloat16 = 10;
    private static ReadOnlySpan<byte> Magic => "JLPACK01"u8;
    private const int IdBytes = 16;
    private const int HeaderBytes = 8 + IdBytes;

    /// <summary>
    /// Writes the packed form of <paramref name="fp32Model"/> (ONNX bytes) to <paramref name="destination"/>; each
    /// weight matrix keeps <paramref name="mantissaBits"/>(its name) of fp16's 10 mantissa bits, rounded to nearest.
    /// </summary>
    /// <exception cref="InvalidDataException">When the model already holds an fp16 initializer, or a weight is not
    /// finite or, rounded, does not fit fp16's range (±65,504; at 7 bits, above 65,408 rounds to 65,536).</exception>
    /// <exception cref="ArgumentOutOfRangeException">When a mantissa width is outside 1-10.</exception>
    public static void Pack(byte[] fp32Model, Func<string, int> mantissaBits, Stream destination)
    {
        var model = ModelProto.Parser.ParseFrom(fp32Model);
        foreach (var tensor in model.Graph.Initializer)
        {
            if (tensor.DataType == OnnxFloat16)
                throw new InvalidDataException($"the model already holds an fp16 initializer ({tensor.Name}); a packed model's fp16 tensors are all its own");
            if (tensor.DataType != OnnxFloat || tensor.Dims.Count != 2 || tensor.RawData.Length < MinPackedFloats * sizeof(float)) continue;
            var bits = mantissaBits(tensor.Name);
            ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1, nameof(mantissaBits));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 10, nameof(mantissaBits));
            tensor.RawData = UnsafeByteOperations.UnsafeWrap(ToPlanes(MemoryMarshal.Cast<byte, float>(tensor.RawData.Span), bits, tensor.Name));
            tensor.DataType = OnnxFloat16;
        }
        var body = model.ToByteArray();
        destination.Write(Magic);
        destination.Write(SHA256.HashData(body).AsSpan(0, IdBytes));
        destination.Write(body);
    }

    /// <summary>The fp32 ONNX model a packed file holds (<see cref="Pack"/>'s planes widened back to float).</summary>
    /// <exception cref="InvalidDataException">When the stream is not a packed model, or a damaged one.</exception>
    public static ModelProto Unpack(Stream packed)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        if (packed.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes || !header[..Magic.Length].SequenceEqual(Magic))
            throw new InvalidDataException("not a packed model (no JLPACK01 header)");
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(packed);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"a damaged packed model: {e.Message}", e);
        }
        foreach (var tensor in model.Graph.Initializer.Where(t => t.DataType == OnnxFloat16))
        {
            tensor.RawData = UnsafeByteOperations.UnsafeWrap(FromPlanes(tensor.RawData.Span)); // the new array, owned by nobody else
            tensor.DataType = OnnxFloat;
        }
        return model;
    }

    /// <summary>The id in a packed file's header: 32 hex digits, the same for the same content.</summary>
    /// <exception cref="InvalidDataException">When the file is not a packed model.</exception>
    public static string ReadId(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> header = stackalloc byte[HeaderBytes];
        if (file.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes || !header[..Magic.Length].SequenceEqual(Magic))
            throw new InvalidDataException($"{path} is not a packed model (no JLPACK01 header)");
        return Convert.ToHexStringLower(header[Magic.Length..]);
    }

    // [high bytes..., low bytes...] of each value's HalfBits.
    private static byte[] ToPlanes(ReadOnlySpan<float> values, int bits, string name)
    {
        var planes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            ushort h;
            try
            {
                h = HalfBits(values[i], bits);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{name}[{i}]: {e.Message}", e);
            }
            planes[i] = (byte)(h >> 8);
            planes[values.Length + i] = (byte)h;
        }
        return planes;
    }

    /// <summary>
    /// <paramref name="value"/> rounded to <paramref name="bits"/> mantissa bits (nearest, ties to even) in fp32, where
    /// the carry into the exponent is the right rounding (1.111b -> 10.00b), then to fp16, which holds it exactly
    /// (below 2^-14, among fp16's subnormals, a second rounding to their step, within 2^-25): its fp16 bits.
    /// </summary>
    /// <exception cref="InvalidDataException">When the value is not finite, or rounded does not fit fp16.</exception>
    internal static ushort HalfBits(float value, int bits)
    {
        if (!float.IsFinite(value)) throw new InvalidDataException($"{value} is not a finite weight");
        var drop = 23 - bits;
        var f = BitConverter.SingleToUInt32Bits(value);
        f = (f + (1u << (drop - 1)) - 1 + ((f >> drop) & 1)) >> drop << drop;
        var half = (Half)BitConverter.UInt32BitsToSingle(f);
        if (Half.IsInfinity(half)) throw new InvalidDataException($"{value} does not fit fp16 at {bits} mantissa bits");
        return BitConverter.HalfToUInt16Bits(half);
    }

    // The floats of [high bytes..., low bytes...] fp16 planes, as little-endian fp32 bytes (ONNX raw data).
    private static byte[] FromPlanes(ReadOnlySpan<byte> planes)
    {
        var n = planes.Length / 2;
        var bytes = new byte[n * sizeof(float)];
        var values = MemoryMarshal.Cast<byte, float>(bytes.AsSpan());
        for (var i = 0; i < n; i++)
            values[i] = (float)BitConverter.UInt16BitsToHalf((ushort)(planes[i] << 8 | planes[n + i]));
        return bytes;
    }
}
