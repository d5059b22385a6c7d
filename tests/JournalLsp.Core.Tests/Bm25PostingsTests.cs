using JournalLsp.Core.Search;

namespace JournalLsp.Core.Tests;

/// <summary>
/// FTS5's bm25() over postings in memory, on hand-made postings: each case's scores written out from the formula of
/// fts5_aux.c (the scores equal FTS5's own on the Pepys diary: PostingsTests in the indexing tests).
/// </summary>
public class Bm25PostingsTests
{
    // Six rows of 10, 20, 10, 40, 10 and 30 tokens (120 in all, avgdl 20); "fire" in rows 1 (twice) and 3, "plague"
    // in row 4, "the" in four of six rows (more than half: idf floored), "office" in the index but not held.
    private static Bm25Postings Postings() => new(
        new Dictionary<string, Bm25Postings.Posting[]>
        {
            ["fire"] = [new(1, 2), new(3, 1)],
            ["plagu"] = [new(4, 1)],
            ["the"] = [new(1, 1), new(2, 1), new(3, 1), new(4, 3)],
        },
        new HashSet<string> { "offic" },
        new Dictionary<long, int> { [1] = 10, [2] = 20, [3] = 10, [4] = 40, [5] = 10, [6] = 30 },
        rows: 6, tokens: 120);

    // One phrase's part of a row's score, as fts5_aux.c writes it (N 6, avgdl 20).
    private static double Part(int hits, int count, int size)
    {
        var idf = Math.Log((6 - hits + 0.5) / (hits + 0.5));
        if (idf <= 0.0) idf = 1e-6;
        return idf * (count * (1.2 + 1.0) / (count + 1.2 * (1 - 0.75 + 0.75 * size / 20.0)));
    }

    [Fact]
    public void Rows_score_the_sum_of_their_phrases_best_first()
    {
        var scored = Postings().Score(["fire", "plagu"], 10)!;
        // Row 4's "plague", in one row of six, outweighs row 3's one "fire", in two, though row 4 is four times as long.
        Assert.Equal([(1L, (float)Part(2, 2, 10)), (4L, (float)Part(1, 1, 40)), (3L, (float)Part(2, 1, 10))], scored);
    }

    [Fact]
    public void A_stem_in_more_than_half_the_rows_counts_a_millionth()
    {
        var scored = Postings().Score(["the"], 10)!;
        Assert.Equal((4L, (float)Part(4, 3, 40)), scored[0]);
        Assert.All(scored, s => Assert.InRange(s.Score, 0f, 1e-5f));
    }

    [Fact]
    public void Equal_scores_come_by_row_and_the_limit_cuts()
    {
        // A stem held once in each of three rows of ten tokens: three equal scores, listed by row.
        var postings = new Bm25Postings(new Dictionary<string, Bm25Postings.Posting[]> { ["ship"] = [new(3, 1), new(1, 1), new(5, 1)] },
            new HashSet<string>(), new Dictionary<long, int> { [1] = 10, [3] = 10, [5] = 10, [6] = 90 }, rows: 6, tokens: 120);
        Assert.Equal([1L, 3L], postings.Score(["ship"], 2)!.Select(s => s.Row));
    }

    [Fact]
    public void A_stem_no_row_holds_matches_nothing_and_one_not_held_asks_the_index()
    {
        Assert.Equal(Postings().Score(["plagu"], 10), Postings().Score(["plagu", "dragon"], 10));
        Assert.Empty(Postings().Score(["dragon"], 10)!);
        Assert.Null(Postings().Score(["plagu", "offic"], 10));
    }

    [Fact]
    public void A_stem_twice_counts_twice_as_two_phrases_do()
    {
        var once = Postings().Score(["plagu"], 10)!.Single().Score;
        Assert.Equal((float)(Part(1, 1, 40) + Part(1, 1, 40)), Postings().Score(["plagu", "plagu"], 10)!.Single().Score);
        Assert.True(Postings().Score(["plagu", "plagu"], 10)!.Single().Score > once);
    }
}
