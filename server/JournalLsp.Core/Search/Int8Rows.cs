using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace JournalLsp.Core.Search;

/// <summary>
/// Unit vectors kept as int8 codes, one scale per row: row i is codes[i] x scales[i]. A quarter of float's memory:
/// the Pepys diary's 10,951 passages and 42,388 sentence windows take 21 MB instead of 82, and a synthetic journal of
/// 10⁵ days (727,000 rows) 0.28 GB instead of 1.1. The codes are the index's stored form (the indexer's VectorCodec),
/// so loading copies bytes and decodes nothing; scoring widens them on the fly (<see cref="Dot"/>).
/// </summary>
public sealed class Int8Rows
{
    private readonly sbyte[] _codes;
    private readonly float[] _scales;

    /// <summary>Rows from codes (row-major, <paramref name="dimensions"/> per row) and each row's scale.</summary>
    /// <exception cref="ArgumentException">When the sizes disagree.</exception>
    public Int8Rows(sbyte[] codes, float[] scales, int dimensions)
    {
        if (dimensions <= 0 || codes.Length != scales.Length * dimensions)
            throw new ArgumentException($"expected {scales.Length} × {dimensions} codes, got {codes.Length}");
        _codes = codes;
        _scales = scales;
        Dimensions = dimensions;
    }

    /// <summary>No rows.</summary>
    public static Int8Rows Empty(int dimensions) => new([], [], dimensions);

    /// <summary>
    /// Quantises float rows (row-major, unit length): codes = round(v / max|v| x 127), the scale 1 / |codes| so that a
    /// row decodes to unit length. Cosine to the float row above 0.9999 for 384-d embeddings.
    /// </summary>
    public static Int8Rows FromFloats(ReadOnlySpan<float> rows, int dimensions)
    {
        var count = rows.Length / dimensions;
        var codes = new sbyte[rows.Length];
        var scales = new float[count];
        for (var r = 0; r < count; r++)
        {
            var target = codes.AsSpan(r * dimensions, dimensions);
            Quantize(rows.Slice(r * dimensions, dimensions), target);
            scales[r] = ScaleOf(target);
        }
        return new Int8Rows(codes, scales, dimensions);
    }

    /// <summary>
    /// Symmetric int8 codes of <paramref name="vector"/>: round(v / max|v| x 127), in [-127, 127]. Returns the scale
    /// that decodes them back to the vector's own size (max|v| / 127; 1 for a zero vector).
    /// </summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var max = Math.Abs(TensorPrimitives.MaxMagnitude(vector)); // MaxMagnitude keeps the sign: -0.18 for most vectors
        if (!(max > 0))
        {
            codes.Clear();
            return 1f;
        }
        for (var i = 0; i < vector.Length; i++) codes[i] = (sbyte)MathF.Round(vector[i] / max * 127);
        return max / 127;
    }

    /// <summary>The scale that gives <paramref name="codes"/> unit length (0 for an all-zero row).</summary>
    public static float ScaleOf(ReadOnlySpan<sbyte> codes)
    {
        long sum = 0;
        foreach (var c in codes) sum += c * c;
        return sum > 0 ? (float)(1 / Math.Sqrt(sum)) : 0;
    }

    /// <summary>Rows held.</summary>
    public int Count => _scales.Length;

    /// <summary>Row length.</summary>
    public int Dimensions { get; }

    /// <summary>Bytes held (codes and scales).</summary>
    public long Bytes => _codes.Length + _scales.Length * sizeof(float);

    /// <summary>Row <paramref name="row"/> decoded: float[<see cref="Dimensions"/>], unit length.</summary>
    public float[] Decode(int row)
    {
        var v = new float[Dimensions];
        var codes = _codes.AsSpan(row * Dimensions, Dimensions);
        for (var i = 0; i < v.Length; i++) v[i] = codes[i] * _scales[row];
        return v;
    }

    /// <summary>Adds row <paramref name="row"/>, decoded, to <paramref name="sum"/> (float[<see cref="Dimensions"/>]).</summary>
    public void AddTo(int row, Span<float> sum)
    {
        var codes = _codes.AsSpan(row * Dimensions, Dimensions);
        var scale = _scales[row];
        for (var i = 0; i < sum.Length; i++) sum[i] += codes[i] * scale;
    }

    /// <summary>The dot product of row <paramref name="row"/> with a float query of <see cref="Dimensions"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public float Dot(int row, ReadOnlySpan<float> query)
    {
        var codes = _codes.AsSpan(row * Dimensions, Dimensions);
        var i = 0;
        var sum = 0f;
        if (Vector256.IsHardwareAccelerated && codes.Length >= 32)
        {
            // 32 codes at a time, widened sbyte -> short -> int -> float, four accumulators.
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i + 32 <= codes.Length; i += 32)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Create<sbyte>(codes.Slice(i, 32)));
                var (l0, l1) = Vector256.Widen(lo);
                var (h0, h1) = Vector256.Widen(hi);
                a0 += Vector256.ConvertToSingle(l0) * Vector256.Create(query.Slice(i, 8));
                a1 += Vector256.ConvertToSingle(l1) * Vector256.Create(query.Slice(i + 8, 8));
                a2 += Vector256.ConvertToSingle(h0) * Vector256.Create(query.Slice(i + 16, 8));
                a3 += Vector256.ConvertToSingle(h1) * Vector256.Create(query.Slice(i + 24, 8));
            }
            sum = Vector256.Sum(a0 + a1 + a2 + a3);
        }
        for (; i < codes.Length; i++) sum += codes[i] * query[i];
        return sum * _scales[row];
    }
}
