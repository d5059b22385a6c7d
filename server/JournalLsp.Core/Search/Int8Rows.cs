using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace JournalLsp.Core.Search;

/// <summary>
/// Unit vectors kept as int8 codes, one scale per row: row i is codes[i] x scales[i]. A quarter of float's memory:
/// the Pepys diary's 10,951 passages and 42,388 sentence windows take 21 MB instead of 82, and a synthetic journal of
/// 10⁵ days (727,000 rows) 0.28 GB instead of 1.1. The codes are the index's stored form (the indexer's VectorCodec),
/// so loading copies bytes and decodes nothing; scoring widens them on the fly (<see cref="Dot"/>).
/// <para>Storage is immutable blocks of <see cref="BlockRows"/> rows, which snapshots share: after a commit of one
/// file, <see cref="Concat"/> maps the kept rows onto the old blocks and adds a block for the new rows, instead of
/// copying 0.28 GB (measured at 10⁵ days: 135-800 ms a copy, and the old copy's memory until a full GC).</para>
/// </summary>
public sealed class Int8Rows
{
    /// <summary>Rows per storage block: 8,192 rows of 384 codes, 3 MB.</summary>
    public const int BlockRows = 1 << BlockBits;

    private const int BlockBits = 13;

    private readonly sbyte[][] _codes; // block -> BlockRows x Dimensions codes (the last block may be shorter)
    private readonly float[][] _scales; // block -> a scale per row
    private readonly int[]? _rows; // row -> its place in the blocks (block x BlockRows + row in block); null: row i is place i
    private readonly int _stored; // rows in the blocks, used or not

    /// <summary>Rows from codes (row-major, <paramref name="dimensions"/> per row) and each row's scale.</summary>
    /// <exception cref="ArgumentException">When the sizes disagree.</exception>
    public Int8Rows(sbyte[] codes, float[] scales, int dimensions)
        : this(Split(codes, Checked(codes, scales, dimensions)), Split(scales, 1), dimensions)
    {
    }

    private static int Checked(sbyte[] codes, float[] scales, int dimensions) =>
        dimensions > 0 && codes.Length == scales.Length * dimensions ? dimensions
        : throw new ArgumentException($"expected {scales.Length} × {dimensions} codes, got {codes.Length}");

    /// <summary>
    /// Rows stored in blocks of at most <see cref="BlockRows"/> rows (codes row-major and a scale each);
    /// <paramref name="rows"/>, when given, picks the rows in order by their place (block x <see cref="BlockRows"/> +
    /// row in block), else every stored row is a row, in order, and every block but the last must be full.
    /// </summary>
    /// <exception cref="ArgumentException">When a block's size is wrong or a row is not stored.</exception>
    public Int8Rows(sbyte[][] codes, float[][] scales, int dimensions, int[]? rows = null)
    {
        if (dimensions <= 0 || codes.Length != scales.Length)
            throw new ArgumentException($"expected as many code blocks as scale blocks of {dimensions}-d rows, got {codes.Length} and {scales.Length}");
        for (var b = 0; b < codes.Length; b++)
        {
            var full = rows is not null || b == codes.Length - 1 ? scales[b].Length <= BlockRows : scales[b].Length == BlockRows;
            if (codes[b].Length != scales[b].Length * dimensions || !full)
                throw new ArgumentException($"block {b} of {codes.Length}: {scales[b].Length} scales and {codes[b].Length} codes of {dimensions}-d rows");
            _stored += scales[b].Length;
        }
        _codes = codes;
        _scales = scales;
        Dimensions = dimensions;
        if (rows is not null && rows.Any(p => p < 0 || (p >> BlockBits) >= scales.Length || (p & (BlockRows - 1)) >= scales[p >> BlockBits].Length))
            throw new ArgumentException("a row is not stored");
        _rows = rows;
    }

    // Cuts one row-major array into blocks of BlockRows rows (copies; for a corpus built in memory).
    private static T[][] Split<T>(T[] all, int perRow)
    {
        var block = BlockRows * perRow;
        return Enumerable.Range(0, (all.Length + block - 1) / block)
            .Select(b => all.AsSpan(b * block, Math.Min(block, all.Length - b * block)).ToArray()).ToArray();
    }

    /// <summary>No rows.</summary>
    public static Int8Rows Empty(int dimensions) => new(Array.Empty<sbyte[]>(), Array.Empty<float[]>(), dimensions);

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
    // Runs once per stored row at every corpus load (660,000 rows at 10⁵ days): 32 codes at a time, widened to 16 bits
    // and squared into 32-bit sums (a row of 384 codes of at most 127² each stays far below int.MaxValue).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static float ScaleOf(ReadOnlySpan<sbyte> codes)
    {
        long sum = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && codes.Length >= 32)
        {
            var acc = Vector256<int>.Zero;
            for (; i + 32 <= codes.Length; i += 32)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Create<sbyte>(codes.Slice(i, 32)));
                var (l0, l1) = Vector256.Widen(lo * lo); // 127² fits in a short
                var (h0, h1) = Vector256.Widen(hi * hi);
                acc += l0 + l1 + h0 + h1;
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < codes.Length; i++) sum += codes[i] * codes[i];
        return sum > 0 ? (float)(1 / Math.Sqrt(sum)) : 0;
    }

    /// <summary>
    /// The rows <paramref name="keep"/> of <paramref name="first"/> (in that order), then every row of
    /// <paramref name="second"/>: how a snapshot drops one file's rows and appends its new ones. The blocks of both are
    /// shared, not copied; only when more than a third of the stored rows would be unused is the result packed into
    /// fresh blocks (at 10⁵ days, after some 1,800 edits of a month file).
    /// </summary>
    /// <exception cref="ArgumentException">When the row lengths differ.</exception>
    public static Int8Rows Concat(Int8Rows first, IReadOnlyList<int> keep, Int8Rows second)
    {
        if (first.Dimensions != second.Dimensions)
            throw new ArgumentException($"rows of {first.Dimensions} and {second.Dimensions} cannot be joined");
        var rows = new int[keep.Count + second.Count];
        for (var i = 0; i < keep.Count; i++) rows[i] = first.PlaceOf(keep[i]);
        var offset = first._codes.Length * BlockRows; // second's blocks follow first's
        for (var i = 0; i < second.Count; i++) rows[keep.Count + i] = offset + second.PlaceOf(i);
        var joined = new Int8Rows([.. first._codes, .. second._codes], [.. first._scales, .. second._scales], first.Dimensions, rows);
        return (long)joined._stored * 2 > (long)rows.Length * 3 ? joined.Packed() : joined;
    }

    // The rows copied into blocks of their own, in order, with no unused row between them.
    private Int8Rows Packed()
    {
        var codes = new sbyte[(Count + BlockRows - 1) / BlockRows][];
        var scales = new float[codes.Length][];
        for (var b = 0; b < codes.Length; b++)
        {
            var n = Math.Min(BlockRows, Count - b * BlockRows);
            codes[b] = GC.AllocateUninitializedArray<sbyte>(n * Dimensions);
            scales[b] = new float[n];
            for (var i = 0; i < n; i++)
            {
                var (block, at) = Locate(PlaceOf(b * BlockRows + i));
                _codes[block].AsSpan(at * Dimensions, Dimensions).CopyTo(codes[b].AsSpan(i * Dimensions));
                scales[b][i] = _scales[block][at];
            }
        }
        return new Int8Rows(codes, scales, Dimensions);
    }

    private int PlaceOf(int row) => _rows is null ? row : _rows[row];

    private static (int Block, int At) Locate(int place) => (place >> BlockBits, place & (BlockRows - 1));

    /// <summary>
    /// Row <paramref name="row"/> as stored: its <see cref="Dimensions"/> int8 codes (a view of the block, not a copy)
    /// and its <paramref name="scale"/> (the row is codes x scale).
    /// </summary>
    /// <exception cref="IndexOutOfRangeException">When the row is not held.</exception>
    public ReadOnlySpan<sbyte> Codes(int row, out float scale) => CodesOf(row, out scale);

    private ReadOnlySpan<sbyte> CodesOf(int row, out float scale)
    {
        var (block, at) = Locate(PlaceOf(row));
        scale = _scales[block][at];
        return _codes[block].AsSpan(at * Dimensions, Dimensions);
    }

    /// <summary>Rows held.</summary>
    public int Count => _rows?.Length ?? _stored;

    /// <summary>Row length.</summary>
    public int Dimensions { get; }

    /// <summary>Bytes stored (codes and scales, including rows no longer used, and blocks shared with other snapshots).</summary>
    public long Bytes => _codes.Sum(c => (long)c.Length) + (long)_stored * sizeof(float) + (_rows?.Length ?? 0) * sizeof(int);

    /// <summary>Row <paramref name="row"/> decoded: float[<see cref="Dimensions"/>], unit length.</summary>
    public float[] Decode(int row)
    {
        var v = new float[Dimensions];
        var codes = CodesOf(row, out var scale);
        for (var i = 0; i < v.Length; i++) v[i] = codes[i] * scale;
        return v;
    }

    /// <summary>Adds row <paramref name="row"/>, decoded, to <paramref name="sum"/> (float[<see cref="Dimensions"/>]).</summary>
    public void AddTo(int row, Span<float> sum)
    {
        var codes = CodesOf(row, out var scale);
        for (var i = 0; i < sum.Length; i++) sum[i] += codes[i] * scale;
    }

    /// <summary>The dot product of row <paramref name="row"/> with a float query of <see cref="Dimensions"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public float Dot(int row, ReadOnlySpan<float> query)
    {
        var codes = CodesOf(row, out var scale);
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
        return sum * scale;
    }

    // The integer kernel runs where it was measured: AVX2 where .NET does not accelerate 512-bit vectors (on AVX-512,
    // TensorPrimitives' float Dot beat a four-query 256-bit float kernel: docs/benchmarks.md, "Instant, the second
    // steps"), over rows of whole 16-code steps.
    private bool IntegerKernel => Avx2.IsSupported && !Vector512.IsHardwareAccelerated && Dimensions % Vector128<sbyte>.Count == 0;

    /// <summary>
    /// Rows <paramref name="rows"/> of this set taken as queries for <see cref="Dots"/> (a day's own passages, when
    /// similar days are searched from it): their scales, and their codes widened to 16 bits or their decoded floats,
    /// whichever <see cref="Dots"/> multiplies on this machine.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When a row is not held.</exception>
    public Int8Queries Queries(IReadOnlyList<int> rows)
    {
        var (d, integer) = (Dimensions, IntegerKernel);
        var widened = new short[integer ? rows.Count * d : 0];
        var decoded = new float[integer ? 0 : rows.Count * d];
        var scales = new float[rows.Count];
        for (var q = 0; q < rows.Count; q++)
        {
            if ((uint)rows[q] >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(rows), rows[q], $"not one of the {Count} rows");
            var codes = CodesOf(rows[q], out scales[q]);
            for (var i = 0; i < d; i++)
            {
                if (integer) widened[q * d + i] = codes[i];
                else decoded[q * d + i] = codes[i] * scales[q];
            }
        }
        return new Int8Queries(widened, decoded, scales, d);
    }

    /// <summary>
    /// The dot products of rows <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> − 1 with
    /// each of <paramref name="queries"/> (rows of this set, from <see cref="Queries"/>) into <paramref name="dots"/>
    /// (float[count × n], row-major: row from + r's product with query q at r × n + q). On AVX2 where .NET does not
    /// accelerate 512-bit vectors, over rows of whole 16-code steps, the codes are multiplied as integers (vpmaddwd,
    /// 16-bit pairs into 32-bit sums: up to 1,024 dimensions a sum of codes of at most 128² stays below 2²⁴ and converts
    /// to a float exactly), four queries a pass over the row, each with its own accumulator (register blocking, as a
    /// matrix product's kernel does); only the two scales are float products. Elsewhere each row is widened to floats
    /// and TensorPrimitives.Dot takes each decoded query. Measured in docs/benchmarks.md, "Similar days in integers".
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When the rows are not held.</exception>
    /// <exception cref="ArgumentException">When <paramref name="queries"/> are of another length or <paramref name="dots"/> is too short.</exception>
    public void Dots(int from, int count, Int8Queries queries, Span<float> dots)
    {
        var (n, d) = (queries.Count, Dimensions);
        if (from < 0 || count < 0 || count > Count - from)
            throw new ArgumentOutOfRangeException(nameof(count), $"rows {from} to {from} + {count} of {Count}");
        if (queries.Dimensions != d) throw new ArgumentException($"queries of {queries.Dimensions} against rows of {d}", nameof(queries));
        if ((long)count * n > dots.Length) throw new ArgumentException($"{count} x {n} dots do not fit in {dots.Length}", nameof(dots));
        if (IntegerKernel)
        {
            for (var r = 0; r < count; r++)
                IntegerDots(CodesOf(from + r, out var scale), scale, queries, dots.Slice(r * n, n));
            return;
        }
        Span<float> floats = stackalloc float[d];
        for (var r = 0; r < count; r++)
        {
            var codes = CodesOf(from + r, out var scale);
            var j = 0;
            if (Vector256.IsHardwareAccelerated)
                for (; j + 32 <= d; j += 32)
                {
                    var (lo, hi) = Vector256.Widen(Vector256.Create<sbyte>(codes.Slice(j, 32)));
                    var (l0, l1) = Vector256.Widen(lo);
                    var (h0, h1) = Vector256.Widen(hi);
                    Vector256.ConvertToSingle(l0).CopyTo(floats[j..]);
                    Vector256.ConvertToSingle(l1).CopyTo(floats[(j + 8)..]);
                    Vector256.ConvertToSingle(h0).CopyTo(floats[(j + 16)..]);
                    Vector256.ConvertToSingle(h1).CopyTo(floats[(j + 24)..]);
                }
            for (; j < d; j++) floats[j] = codes[j];
            for (var q = 0; q < n; q++)
                dots[r * n + q] = TensorPrimitives.Dot(floats, queries.Decoded.Slice(q * d, d)) * scale;
        }
    }

    // A row against every query, 16 codes a step widened to 16 bits as they are loaded; a pass takes four queries (a
    // last pass of fewer repeats its last query in the empty places, whose sums are dropped).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void IntegerDots(ReadOnlySpan<sbyte> row, float scale, Int8Queries queries, Span<float> dots)
    {
        var (d, n) = (row.Length, queries.Count);
        var all = queries.Widened;
        var scales = queries.Scales;
        ref var r = ref MemoryMarshal.GetReference(row);
        for (var q = 0; q < n; q += 4)
        {
            var last = Math.Min(4, n - q) - 1;
            ref var q0 = ref MemoryMarshal.GetReference(all.Slice(q * d));
            ref var q1 = ref MemoryMarshal.GetReference(all.Slice((q + Math.Min(1, last)) * d));
            ref var q2 = ref MemoryMarshal.GetReference(all.Slice((q + Math.Min(2, last)) * d));
            ref var q3 = ref MemoryMarshal.GetReference(all.Slice((q + last) * d));
            Vector256<int> s0 = default, s1 = default, s2 = default, s3 = default;
            for (nuint k = 0; k < (nuint)d; k += (nuint)Vector256<short>.Count)
            {
                var x = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref r, k));
                s0 += Avx2.MultiplyAddAdjacent(x, Vector256.LoadUnsafe(ref q0, k));
                s1 += Avx2.MultiplyAddAdjacent(x, Vector256.LoadUnsafe(ref q1, k));
                s2 += Avx2.MultiplyAddAdjacent(x, Vector256.LoadUnsafe(ref q2, k));
                s3 += Avx2.MultiplyAddAdjacent(x, Vector256.LoadUnsafe(ref q3, k));
            }
            dots[q] = Vector256.Sum(s0) * scale * scales[q];
            if (last >= 1) dots[q + 1] = Vector256.Sum(s1) * scale * scales[q + 1];
            if (last >= 2) dots[q + 2] = Vector256.Sum(s2) * scale * scales[q + 2];
            if (last >= 3) dots[q + 3] = Vector256.Sum(s3) * scale * scales[q + 3];
        }
    }
}

/// <summary>
/// Rows of an <see cref="Int8Rows"/> taken as queries (<see cref="Int8Rows.Queries"/>): per row its scale, and its codes
/// widened to 16 bits or its decoded floats (row-major, <see cref="Dimensions"/> a row), whichever
/// <see cref="Int8Rows.Dots"/> multiplies on this machine (the other is empty). Immutable.
/// </summary>
public sealed class Int8Queries
{
    private readonly short[] _widened;
    private readonly float[] _decoded;
    private readonly float[] _scales;

    internal Int8Queries(short[] widened, float[] decoded, float[] scales, int dimensions)
    {
        (_widened, _decoded, _scales) = (widened, decoded, scales);
        Dimensions = dimensions;
    }

    /// <summary>How many rows.</summary>
    public int Count => _scales.Length;

    /// <summary>Row length.</summary>
    public int Dimensions { get; }

    internal ReadOnlySpan<short> Widened => _widened;

    internal ReadOnlySpan<float> Decoded => _decoded;

    internal ReadOnlySpan<float> Scales => _scales;
}
