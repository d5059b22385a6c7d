using JournalLsp.Core.Chunking;

namespace JournalLsp.Core.Tests;

public class LateChunkingTests
{
    // Two overlapping passages of one entry, as token ids: 1..10 and 9..16 (9 and 10 are the overlap).
    private static readonly int[][] s_passages = [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [9, 10, 11, 12, 13, 14, 15, 16]];

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
