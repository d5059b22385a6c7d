using JournalLsp.Core.Chunking;
using JournalLsp.Core.Search;

namespace JournalLsp.Core.Tests;

public class LateChunkingTests
{
    // Two overlapping passages of one entry, as token ids: 1..10 and 9..16 (9 and 10 are the overlap).
    private static readonly ReadOnlyMemory<int>[] s_passages = [new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, new[] { 9, 10, 11, 12, 13, 14, 15, 16 }];

    [Theory]
    [InlineData(new[] { 3, 4, 5 }, 0, 2, 3)]                   // inside the first passage
    [InlineData(new[] { 12, 13, 14, 15 }, 1, 3, 4)]            // inside the second
    [InlineData(new[] { 9, 10, 11 }, 1, 0, 3)]                 // in both: the one that holds all of it
    [InlineData(new[] { 7, 8, 9, 10, 11 }, 0, 6, 4)]           // across the cut: 4 of 5 at the end of the first, 3 in the second
    [InlineData(new[] { 8, 9, 10, 11, 12 }, 1, 0, 4)]          // across the cut: 3 at the end of the first, 4 at the start of the second
    [InlineData(new[] { 5, 6, 7, 8, 9, 10, 11, 12 }, 0, 4, 6)] // the longer overlap wins, whichever passage it is in
    public void A_window_is_found_in_the_passage_that_holds_most_of_it(int[] window, int passage, int start, int length)
    {
        var span = LateChunking.Locate(s_passages, window);
        Assert.Equal(new TokenSpan(passage, start, length), span);
    }

    [Theory]
    [InlineData(new[] { 99, 98 })]                       // not in the entry at all (text the chunker changed)
    [InlineData(new[] { 9, 10, 77, 78, 79 })]            // 2 of 5 found: less than half
    [InlineData(new int[0])]
    public void A_window_no_passage_holds_half_of_is_left_to_embed_alone(int[] window) =>
        Assert.Null(LateChunking.Locate(s_passages, window));
}

public class Int8RowsTests
{
    [Theory]
    [InlineData(384)] // the SIMD path: twelve blocks of 32
    [InlineData(40)]  // one block and a tail of 8
    [InlineData(7)]   // the plain loop only
    public void A_row_scores_as_its_decoded_floats_do(int dimensions)
    {
        var random = new Random(dimensions);
        float[] Unit()
        {
            var v = Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return v.Select(x => x / norm).ToArray();
        }
        var rows = Enumerable.Range(0, 5).SelectMany(_ => Unit()).ToArray();
        var int8 = Int8Rows.FromFloats(rows, dimensions);
        var query = Unit();
        for (var r = 0; r < 5; r++)
        {
            var decoded = int8.Decode(r);
            Assert.Equal(1f, MathF.Sqrt(decoded.Sum(x => x * x)), 4);
            Assert.Equal(decoded.Zip(query, (a, b) => a * b).Sum(), int8.Dot(r, query), 4);
            // And close to the float row it came from: the rounding of 127 levels.
            Assert.Equal(rows.Skip(r * dimensions).Take(dimensions).Zip(query, (a, b) => a * b).Sum(), int8.Dot(r, query), 1);
        }
    }

    [Fact]
    public void A_vector_whose_largest_component_is_negative_keeps_its_codes()
    {
        float[] v = [0.1f, -0.9f, 0.3f, 0.2f];
        var codes = new sbyte[4];
        var scale = Int8Rows.Quantize(v, codes);
        Assert.Equal(new sbyte[] { 14, -127, 42, 28 }, codes);
        Assert.Equal(0.9f / 127, scale, 6);
        Assert.Equal(1f, Int8Rows.Quantize(new float[4], codes));
        Assert.All(codes, c => Assert.Equal(0, c));
    }
}
