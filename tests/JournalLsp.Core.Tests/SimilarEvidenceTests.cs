using JournalLsp.Core.Search;

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
    public void A_passage_is_located_in_its_file_whitespace_ignored(string text, string passage, int from, int start, int end) =>
        Assert.Equal((start, end), SimilarEvidence.Locate(text, passage, from));

    [Theory]
    [InlineData("# d\n\nOne. Two three.\n", "Two four.")]   // edited since it was indexed
    [InlineData("# d\n\nOne.\n", "   ")]                     // nothing to find
    public void A_passage_the_file_no_longer_holds_is_not_located(string text, string passage) =>
        Assert.Null(SimilarEvidence.Locate(text, passage));
}
