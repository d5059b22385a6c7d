using JournalLsp.Core.Search;
using JournalLsp.Core.Text;

namespace JournalLsp.Core.Tests;

/// <summary>The rules behind a similar day's evidence: which words two passages share, and where a passage lies in its file.</summary>
public class SimilarEvidenceTests
{
    // Chunk counts as the full-text index would report them, in an index of 1,000 chunks (the cap is then 50).
    private static readonly Dictionary<string, int> s_frequencies = new()
    {
        ["fire"] = 30, ["pudding"] = 2, ["lane"] = 12, ["office"] = 400, ["dinner"] = 380, ["burned"] = 25, ["burn"] = 25,
        ["houses"] = 40, ["gré"] = 1,
    };

    [Theory]
    [InlineData("The fire in Pudding Lane", "a fire near pudding lane", "pudding,lane,fire")]        // rarest first
    [InlineData("to the office, then dinner", "office and dinner as ever", "")]                       // in more than 5% of chunks
    [InlineData("houses burned", "the houses burn", "burned,houses")]                                  // one stem, spelt as the source
    [InlineData("the fire", "a quiet day", "")]                                                       // nothing shared
    [InlineData("de bon gré", "gré et contre gré", "gré")]                                             // a word the stemmer does not take
    [InlineData("a fire, a fire, a fire", "fire", "fire")]                                            // each word once
    public void Shared_terms_are_the_rare_words_both_passages_hold(string source, string related, string expected) =>
        Assert.Equal(expected.Length == 0 ? [] : expected.Split(','), SimilarEvidence.SharedTerms(source, related, s_frequencies, 1000));

    [Fact]
    public void Shared_terms_stop_at_the_limit() =>
        Assert.Equal(["pudding", "lane"], SimilarEvidence.SharedTerms("pudding lane fire houses", "pudding lane fire houses", s_frequencies, 1000, max: 2));

    [Theory]
    [InlineData("# d\n\nOne. Two three.\n", "Two three.", 0, 10, 20)]
    [InlineData("# d\n\nOne. Two\nthree.\n", "Two three.", 0, 10, 20)]         // the index joined two lines with a space
    [InlineData("# d\n\nTwo three. Two three.\n", "Two three.", 12, 16, 26)]   // the first occurrence from where to look
    [InlineData("# d\r\n\r\nOne. Two\r\nthree.\r\n", "Two three.", 0, 12, 23)]  // CRLF lines
    [InlineData("# d\n\nGré à gré, 𝄞 two.\n", "𝄞 two.", 0, 16, 23)]        // UTF-16 offsets: the clef is two code units
    public void A_passage_is_located_in_its_file_whitespace_ignored(string text, string passage, int from, int start, int end) =>
        Assert.Equal((start, end), SimilarEvidence.Locate(text, passage, from));

    [Theory]
    [InlineData("# d\n\nOne. Two three.\n", "Two four.")]   // edited since it was indexed
    [InlineData("# d\n\nOne.\n", "   ")]                     // nothing to find
    public void A_passage_the_file_no_longer_holds_is_not_located(string text, string passage) =>
        Assert.Null(SimilarEvidence.Locate(text, passage));

    [Theory]
    [InlineData("One. Two three. Four.", "Two three.|Four.", "0,1")]
    [InlineData("One. Two\nthree. Four.", "Two three.", "0")]          // the passage kept a line break the window lost
    [InlineData("One. Two three.", "Two four.|Two three.", "1")]       // only the windows it holds, in their order
    [InlineData("One. Two three.", "  |One. Two three. Four.", "")]    // an empty window, and one longer than the passage
    public void The_windows_inside_a_passage_are_found_whitespace_ignored(string passage, string windows, string expected) =>
        Assert.Equal(
            expected.Length == 0 ? [] : expected.Split(',').Select(int.Parse).ToArray(),
            SimilarEvidence.Inside(passage, windows.Split('|').Select((text, i) => (i, text))));

    [Fact]
    public void Windows_already_stripped_are_found_inside_a_passage() =>
        Assert.Equal([0, 1], SimilarEvidence.InsideStripped("One. Two\nthree. Four.", [(0, "Twothree."), (1, "One.Two"), (2, "Five.")]));

    [Fact]
    public void A_passage_is_located_in_a_text_already_without_whitespace_at_its_offsets_in_the_text() =>
        Assert.Equal((10, 20), SimilarEvidence.Locate(Whitespace.Without("# d\n\nOne. Two\nthree.\n"), "Two three."));

    [Fact]
    public void A_passage_only_before_where_to_look_is_not_located() =>
        Assert.Null(SimilarEvidence.Locate("# d\n\nTwo three. One.\n", "Two three.", from: 10));
}

/// <summary>The days and files an entry already links to, and the list with them last.</summary>
public class EntryLinksTests
{
    [Theory]
    [InlineData("See [[2023-05-01]].", "2023/2023-05-20.md", "2023-05-01", "")]
    [InlineData("See [[2023-05-01|the ridge]] and [[2023-05-02#Evening]].", "2023/2023-05-20.md", "2023-05-01,2023-05-02", "")]
    [InlineData("See [the ridge](2023-05-01.md).", "2023/2023-05-20.md", "", "2023/2023-05-01.md")]
    [InlineData("See [the ridge](../2022/ridge%20day.md#top).", "2023/2023-05-20.md", "", "2022/ridge day.md")]
    [InlineData("See [site](https://example.org/a.md) and [[2023-02-30]].", "a.md", "", "")]   // not a file here, not a day
    [InlineData("Out of the folder: [x](../../x.md).", "2023/a.md", "", "")]
    [InlineData("A date written 2023-05-01, not a link.", "a.md", "", "")]
    public void An_entry_links_to_days_by_wiki_link_and_to_files_by_markdown_link(string text, string path, string days, string paths)
    {
        var links = EntryLinks.In(text, path);
        Assert.Equal(days.Length == 0 ? [] : days.Split(','), links.Days.Order().Select(d => d.ToString("yyyy-MM-dd")));
        Assert.Equal(paths.Length == 0 ? [] : paths.Split(','), links.Paths.Order());
    }

    [Fact]
    public void Linked_days_go_last_keeping_their_verdict_and_the_order_of_the_rest()
    {
        var hits = new[] { new EntryHit(10, 0, 0.9f), new EntryHit(11, 0, 0.8f), new EntryHit(12, 0, 0.7f), new EntryHit(13, 0, 0.6f) };
        var ordered = EntryLinks.LinkedLast(hits, related: e => e is 10 or 12, e => e == 10);
        Assert.Equal([(11, false, false), (12, true, false), (13, false, false), (10, true, true)],
            ordered.Select(x => (x.Hit.Entry, x.Related, x.Linked)));
    }
}
