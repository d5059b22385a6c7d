using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace JournalLsp.Indexing.Storage;

/// <summary>
/// How a vector is stored: int8 with one scale per vector (symmetric, scale = max|v| / 127), 4 + d bytes: 388 for
/// 384 dimensions where fp32 took 1,536. A 1,536-byte row overflows a 4 KB SQLite page of a WITHOUT ROWID table (its
/// local payload limit is about 1 KB), so each fp32 vector took a page and an overflow page: the Pepys index was
/// 271 MB, 237 MB of it vectors. Decoding rescales and L2-normalises; the cosine to the fp32 vector is above 0.9999
/// (rounding error about 0.4% of the largest component, spread over 384), far below the int8 model's own 1e-2.
/// </summary>
public static class VectorCodec
{
    /// <summary>Bytes of one stored vector of <paramref name="dimensions"/>.</summary>
    public static int Size(int dimensions) => sizeof(float) + dimensions;

    /// <summary>Encodes a float[d] vector as [scale: float32][q: sbyte x d].</summary>
    public static byte[] Encode(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[Size(vector.Length)];
        var max = Math.Abs(TensorPrimitives.MaxMagnitude(vector)); // MaxMagnitude keeps the sign: -0.18 for most vectors
        var scale = max > 0 ? max / 127f : 1f;
        MemoryMarshal.Write(bytes, scale);
        var q = MemoryMarshal.Cast<byte, sbyte>(bytes.AsSpan(sizeof(float)));
        for (var i = 0; i < vector.Length; i++) q[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -127, 127);
        return bytes;
    }

    /// <summary>Decodes <paramref name="stored"/> into <paramref name="vector"/> (float[d], unit length).</summary>
    /// <returns>False when the bytes are not a vector of that many dimensions (another model's, or damaged).</returns>
    public static bool TryDecode(ReadOnlySpan<byte> stored, Span<float> vector)
    {
        if (stored.Length != Size(vector.Length)) return false;
        var q = MemoryMarshal.Cast<byte, sbyte>(stored[sizeof(float)..]);
        for (var i = 0; i < vector.Length; i++) vector[i] = q[i];
        var norm = TensorPrimitives.Norm(vector);
        if (norm == 0) return false;
        TensorPrimitives.Divide(vector, norm, vector);
        return true;
    }
}
