namespace JournalLsp.Indexing.Tests;

public class SnippetTests
{
    [Theory]
    [InlineData("# Heat\n\nHottest **day** of the [year](https://example.org), *truly*.", "Heat Hottest day of the year, truly.")]
    [InlineData("- bread\n- milk\n\n> a quote", "bread milk a quote")]
    [InlineData("Plain words stay.", "Plain words stay.")]
    public void A_snippet_reads_as_plain_text_on_one_line(string markdown, string expected) =>
        Assert.Equal(expected, Snippet.Of(Snippet.PlainText(markdown)));

    [Fact]
    public void A_long_passage_is_cut_at_a_word_with_an_ellipsis() =>
        Assert.Equal("Up, and to the…", Snippet.Of("Up, and to the office, where we sat all the morning.", 16));
}
