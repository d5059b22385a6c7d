using System.Runtime.InteropServices;
using JournalLsp.Core.Search;

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

    /// <summary>Encodes a float[d] vector as [scale: float32][codes: sbyte x d] (<see cref="Int8Rows.Quantize"/>).</summary>
    public static byte[] Encode(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[Size(vector.Length)];
        var scale = Int8Rows.Quantize(vector, MemoryMarshal.Cast<byte, sbyte>(bytes.AsSpan(sizeof(float))));
        MemoryMarshal.Write(bytes, scale);
        return bytes;
    }

    /// <summary>
    /// Reads a stored vector of <paramref name="dimensions"/>: its int8 codes, as the corpus keeps them
    /// (<see cref="Int8Rows"/>), and the scale that decodes them to unit length (codes x scale).
    /// </summary>
    /// <returns>
    /// False when the bytes are not one: another model's size, an fp32 vector of an old index, or all zero (damaged).
    /// </returns>
    public static bool TryRead(ReadOnlySpan<byte> stored, int dimensions, out ReadOnlySpan<sbyte> codes, out float unitScale)
    {
        codes = stored.Length == Size(dimensions) ? MemoryMarshal.Cast<byte, sbyte>(stored[sizeof(float)..]) : [];
        unitScale = Int8Rows.ScaleOf(codes);
        return unitScale > 0;
    }
}
