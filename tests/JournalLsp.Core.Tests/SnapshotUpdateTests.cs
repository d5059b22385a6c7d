using JournalLsp.Core.Search;

namespace JournalLsp.Core.Tests;

/// <summary>
/// A snapshot brought up to date after a commit (<see cref="SearchCorpus.Replacing"/>, <see cref="Int8Rows.Concat"/>)
/// must be the very corpus a full load would build: the same entries in the same order, each with the same rows.
/// </summary>
public class SnapshotUpdateTests
{
    private const int D = 8;

    // A corpus of files; each file "path" has entries (start line, chunk seeds, window seeds); a seed is a random unit
    // vector, so rows can be compared by value.
    private static SearchCorpus Build(params (string Path, (int Start, int[] Chunks, int[] Windows)[] Entries)[] files)
    {
        var entries = files.SelectMany(f => f.Entries.Select(e => (f.Path, e.Start, e.Chunks, e.Windows)))
            .Select((e, i) => (Info: new EntryInfo(1000 + i, e.Path, new DateOnly(2020, 1, 1).AddDays(i), e.Start, e.Start + 9, $"{e.Path}:{e.Start}"), e.Chunks, e.Windows))
            .OrderBy(e => e.Info, Comparer<EntryInfo>.Create(SearchCorpus.EntryOrder)).ToList();
        var chunks = new List<ChunkInfo>();
        var windows = new List<ChunkInfo>();
        var chunkRows = new List<float>();
        var windowRows = new List<float>();
        for (var e = 0; e < entries.Count; e++)
        {
            foreach (var seed in entries[e].Chunks) { chunks.Add(new ChunkInfo(seed, e, entries[e].Info.StartLine, entries[e].Info.StartLine)); chunkRows.AddRange(Unit(seed)); }
            foreach (var seed in entries[e].Windows) { windows.Add(new ChunkInfo(seed, e, entries[e].Info.StartLine + 1, entries[e].Info.StartLine + 1)); windowRows.AddRange(Unit(seed)); }
        }
        return new SearchCorpus(entries.Select(e => e.Info).ToList(), chunks, chunkRows.ToArray(), D, windows, windowRows.ToArray());
    }

    private static float[] Unit(int seed)
    {
        var random = new Random(seed);
        var v = Enumerable.Range(0, D).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    // Everything ranking reads, written out: each entry by path and line with its passages' and windows' ids and codes.
    private static string[] Describe(SearchCorpus c) => c.Entries.Select((e, i) =>
        $"{e.Path}:{e.StartLine} {e.Heading} passages " + string.Join(",", c.ChunksOf(i).Select(r => $"{c.Chunks[r].Id}={Row(c.Vectors, r)}"))
        + " windows " + string.Join(",", Enumerable.Range(0, c.Windows.Count).Where(w => c.Windows[w].Entry == i).Select(w => $"{c.Windows[w].Id}={Row(c.WindowVectors, w)}"))).ToArray();

    private static string Row(Int8Rows rows, int row) => string.Join(" ", rows.Decode(row).Select(x => x.ToString("F4")));

    public static TheoryData<string> Edits => new() { "edit the middle file", "remove a file", "add a file that sorts first", "add a file that sorts between", "edit two files" };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Replacing_a_files_entries_gives_the_corpus_a_full_load_would(string edit)
    {
        (string, (int, int[], int[])[]) a = ("2020/01.md", [(0, [1, 2], [3, 4, 5]), (12, [6], [])]);
        (string, (int, int[], int[])[]) b = ("2020/02.md", [(0, [7], [8, 9]), (20, [10, 11], [12, 13])]);
        (string, (int, int[], int[])[]) c = ("2020/03.md", [(4, [14], [])]);
        var before = Build(a, b, c);
        (string, (int, int[], int[])[]) bEdited = ("2020/02.md", [(0, [7], [8, 9]), (20, [15, 16, 17], [18, 19]), (30, [20], [])]);
        (string, (int, int[], int[])[]) first = ("2019/12.md", [(0, [21], [22, 23])]);
        (string, (int, int[], int[])[]) between = ("2020/02b.md", [(0, [24], [])]);
        (string, (int, int[], int[])[]) cEdited = ("2020/03.md", [(2, [25], [26, 27])]);
        var (paths, part, expected) = edit switch
        {
            "edit the middle file" => (new[] { b.Item1 }, Build(bEdited), Build(a, bEdited, c)),
            "remove a file" => ([b.Item1], Build(), Build(a, c)),
            "add a file that sorts first" => ([first.Item1], Build(first), Build(first, a, b, c)),
            "add a file that sorts between" => ([between.Item1], Build(between), Build(a, b, between, c)),
            _ => ([b.Item1, c.Item1], Build(bEdited, cEdited), Build(a, bEdited, cEdited)),
        };
        var after = before.Replacing(paths.ToHashSet(), part);
        Assert.Equal(Describe(expected), Describe(after));
        // Ranking sees the same: the best passage and window for a query are found at the same entries.
        var query = Unit(16);
        Assert.Equal(DenseRanker.Rank(expected, query, 10).Select(h => (expected.Entries[h.Entry].Heading, h.Score)),
            DenseRanker.Rank(after, query, 10).Select(h => (after.Entries[h.Entry].Heading, h.Score)));
        Assert.Equal(DenseRanker.RankWindows(expected, query, 10).Select(h => (expected.Entries[h.Entry].Heading, h.Score)),
            DenseRanker.RankWindows(after, query, 10).Select(h => (after.Entries[h.Entry].Heading, h.Score)));
        Assert.Equal(before.Entries.Count, Build(a, b, c).Entries.Count); // the old snapshot is untouched
        Assert.Equal(Describe(Build(a, b, c)), Describe(before));
    }

    [Fact]
    public void Concatenated_rows_share_blocks_until_a_third_is_unused_then_pack_into_fresh_ones()
    {
        // Three blocks' worth of rows, so rows are addressed across blocks.
        var count = Int8Rows.BlockRows * 2 + 100;
        var rows = Enumerable.Range(0, count).SelectMany(Unit).ToArray();
        var all = Int8Rows.FromFloats(rows, D);
        var added = Int8Rows.FromFloats(Enumerable.Range(count, 10).SelectMany(Unit).ToArray(), D);
        var keep = Enumerable.Range(0, count).Where(r => r % 1000 != 7).ToList(); // a row dropped here and there

        var joined = Int8Rows.Concat(all, keep, added);
        Assert.Equal(keep.Count + 10, joined.Count);
        for (var i = 0; i < keep.Count; i += 997) Assert.Equal(all.Decode(keep[i]), joined.Decode(i));
        for (var i = 0; i < 10; i++) Assert.Equal(added.Decode(i), joined.Decode(keep.Count + i));
        Assert.True(joined.Bytes < all.Bytes + added.Bytes + (keep.Count + 10) * sizeof(int) + 1, "blocks are shared, not copied");

        // Keeping a fifth: more than a third unused, so the result is packed and holds only its own rows.
        var fifth = Enumerable.Range(0, joined.Count).Where(r => r % 5 == 0).ToList();
        var packed = Int8Rows.Concat(joined, fifth, Int8Rows.Empty(D));
        Assert.Equal(fifth.Count, packed.Count);
        Assert.Equal((long)fifth.Count * (D + sizeof(float)), packed.Bytes);
        var query = Unit(-1);
        for (var i = 0; i < fifth.Count; i += 101) Assert.Equal(joined.Dot(fifth[i], query), packed.Dot(i, query));
        Assert.Throws<ArgumentException>(() => Int8Rows.Concat(all, keep, Int8Rows.Empty(D + 1)));
    }

    [Fact]
    public void Rows_stored_in_blocks_are_checked()
    {
        sbyte[][] codes = [new sbyte[2 * D], new sbyte[D]];
        float[][] scales = [new float[2], new float[1]];
        // Without a row map every block but the last must be full.
        Assert.Throws<ArgumentException>(() => new Int8Rows(codes, scales, D));
        var rows = new Int8Rows(codes, scales, D, [Int8Rows.BlockRows, 1, 0]);
        Assert.Equal(3, rows.Count);
        Assert.Throws<ArgumentException>(() => new Int8Rows(codes, scales, D, [2]));                      // past block 0's rows
        Assert.Throws<ArgumentException>(() => new Int8Rows(codes, scales, D, [Int8Rows.BlockRows * 2])); // no block 2
        Assert.Throws<ArgumentException>(() => new Int8Rows([new sbyte[D]], [new float[2]], D));           // codes for one row, scales for two
        Assert.Throws<ArgumentException>(() => new Int8Rows(new sbyte[D], new float[2], D));
    }

    [Fact]
    public void The_unit_scale_of_codes_is_one_over_their_length_for_every_length()
    {
        var random = new Random(3);
        foreach (var length in new[] { 0, 1, 31, 32, 33, 384, 1000 })
        {
            var codes = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
            var sum = codes.Sum(c => (long)c * c);
            Assert.Equal(sum > 0 ? (float)(1 / Math.Sqrt(sum)) : 0f, Int8Rows.ScaleOf(codes));
        }
        Assert.Equal((float)(1 / Math.Sqrt(384 * 127 * 127)), Int8Rows.ScaleOf(Enumerable.Repeat((sbyte)-127, 384).ToArray()));
    }

    [Theory]
    [InlineData(384, 1)]
    [InlineData(384, 12)]
    [InlineData(384, 3)]  // one pass of four, its last place repeating the third query
    [InlineData(384, 6)]  // a pass of four, then one of two
    [InlineData(48, 6)]   // whole 16-code steps, not 32: integers where they run
    [InlineData(40, 5)]   // not whole 16-code steps: floats, widened 32 at a time and then one by one
    [InlineData(33, 3)]   // a tail after the 32-wide steps
    [InlineData(7, 2)]    // no full step at all
    public void A_row_against_many_of_its_set_gives_each_query_its_own_dot_product(int dimensions, int queries)
    {
        var random = new Random(dimensions * 100 + queries);
        float[] Unit()
        {
            var v = Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return [.. v.Select(x => x / norm)];
        }
        var rows = Int8Rows.FromFloats([.. Enumerable.Range(0, queries + 3).SelectMany(_ => Unit())], dimensions);
        // In no order, and from two queries on the last one repeats the first.
        var asked = Enumerable.Range(0, queries).Select(q => q == queries - 1 && q > 0 ? 1 : (q * 7 + 1) % rows.Count).ToArray();
        // Every row, and every row but the first (the products land at the run's own offsets).
        foreach (var from in new[] { 0, 1 })
        {
            var count = rows.Count - from;
            var dots = new float[count * queries];
            rows.Dots(from, count, rows.Queries(asked), dots);
            for (var r = 0; r < count; r++)
            {
                var decoded = rows.Decode(from + r);
                for (var q = 0; q < queries; q++)
                    Assert.Equal(decoded.Zip(rows.Decode(asked[q]), (a, b) => (double)a * b).Sum(), dots[r * queries + q], 1e-5);
            }
        }
    }

    [Fact]
    public void The_largest_codes_multiply_without_overflow()
    {
        // 384 products of 127 x -127: the largest sum quantised rows reach, far inside 32-bit sums and exact in a float.
        var rows = Int8Rows.FromFloats([.. Enumerable.Repeat(1f, 384), .. Enumerable.Repeat(-1f, 384)], 384);
        var dots = new float[4];
        rows.Dots(0, 2, rows.Queries([1, 0]), dots);
        Assert.All(dots.Zip(new[] { -1f, 1f, 1f, -1f }), p => Assert.Equal(p.Second, p.First, 1e-6f));
    }

    [Fact]
    public void A_damaged_row_of_minus_128_multiplies_exactly_too()
    {
        // -128 is no code quantising makes, but a stored row may hold it: 384 x 128² = 6,291,456, still exact.
        var codes = Enumerable.Repeat((sbyte)-128, 384).Concat(Enumerable.Repeat((sbyte)127, 384)).ToArray();
        var rows = new Int8Rows(codes, [1f, 1f], 384);
        var dots = new float[4];
        rows.Dots(0, 2, rows.Queries([0, 1]), dots);
        Assert.Equal([6_291_456f, -6_242_304f, -6_242_304f, 6_193_536f], dots);
    }

    [Fact]
    public void Dot_products_of_rows_not_held_or_into_too_few_places_are_refused()
    {
        var rows = Int8Rows.FromFloats([.. Enumerable.Repeat(1f, 384), .. Enumerable.Repeat(-1f, 384)], 384);
        var queries = rows.Queries([0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.Queries([2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.Dots(1, 2, queries, new float[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.Dots(int.MaxValue, 2, queries, new float[2]));
        Assert.Throws<ArgumentException>(() => rows.Dots(0, 2, queries, new float[1]));
        rows.Dots(2, 0, queries, []); // no rows: nothing to do
    }
}
