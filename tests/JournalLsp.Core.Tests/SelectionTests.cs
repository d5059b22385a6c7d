using JournalLsp.Core.Search;
using JournalLsp.Core.Text;

namespace JournalLsp.Core.Tests;

/// <summary>Which passages of an entry a selection touches (<see cref="EntrySelection.Touched"/>) and the span rules under it.</summary>
public class SelectionTests
{
    // Spans written "startLine:startChar-endLine:endChar".
    private static TextSpan S(string s)
    {
        var parts = s.Split('-').Select(p => p.Split(':').Select(int.Parse).ToArray()).ToArray();
        return new TextSpan(parts[0][0], parts[0][1], parts[1][0], parts[1][1]);
    }

    [Theory]
    [InlineData("2:0-2:10", "2:5-2:20", true)]
    [InlineData("2:0-2:10", "2:10-2:20", false)]  // ends where the other starts: no character shared
    [InlineData("2:0-4:0", "3:7-3:8", true)]      // inside, across lines
    [InlineData("2:0-3:0", "3:0-3:5", false)]     // whole line 2 ends at the start of line 3
    [InlineData("2:40-5:3", "1:0-2:41", true)]
    [InlineData("2:40-5:3", "5:3-6:0", false)]
    public void Spans_overlap_when_they_share_a_character(string a, string b, bool overlap)
    {
        Assert.Equal(overlap, S(a).Overlaps(S(b)));
        Assert.Equal(overlap, S(b).Overlaps(S(a)));
    }

    [Fact]
    public void A_selection_made_upwards_is_put_in_document_order() =>
        Assert.Equal(S("2:3-4:1"), S("4:1-2:3").Ordered());

    [Fact]
    public void Whole_lines_end_at_the_start_of_the_next_line() =>
        Assert.Equal(S("2:0-5:0"), TextSpan.Lines(2, 4));

    // Three passages of one long line (as a Pepys day is), the middle one overlapping both others (chunk overlap), and a
    // passage on its own lines further down.
    private static readonly TextSpan[] Passages = [S("2:0-2:900"), S("2:850-2:1800"), S("2:1750-2:2400"), S("4:0-6:0")];

    [Theory]
    [InlineData("2:10-2:80", "0")]
    [InlineData("2:860-2:880", "0,1")]          // in the overlap of two passages: both
    [InlineData("2:1000-2:1100", "1")]
    [InlineData("2:2000-4:5", "2,3")]           // across the blank line into the next paragraph
    [InlineData("5:3-5:1", "3")]                // made upwards
    [InlineData("0:0-0:12", "0,1,2,3")]         // the heading: no passage, so the whole entry
    [InlineData("3:0-4:0", "0,1,2,3")]          // the blank line between passages only
    public void A_selection_touches_the_passages_it_shares_a_character_with(string selection, string touched) =>
        Assert.Equal(touched.Split(',').Select(int.Parse), EntrySelection.Touched(Passages, S(selection)));
}
