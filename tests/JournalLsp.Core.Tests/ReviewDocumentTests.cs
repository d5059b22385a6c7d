using JournalLsp.Core.Journal;

namespace JournalLsp.Core.Tests;

/// <summary>A review of a period as Markdown: its title, its sections, its quotations linked to their days, and that a saved review is no entry.</summary>
public class ReviewDocumentTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("1665-09-01", "1665-09-30", "September 1665")]
    [InlineData("1664-02-01", "1664-02-29", "February 1664")]
    [InlineData("1665-01-01", "1665-12-31", "1665")]
    [InlineData("1665-09-03", "1665-10-02", "1665-09-03 to 1665-10-02")]
    [InlineData("1665-09-01", "1665-09-29", "1665-09-01 to 1665-09-29")] // not the whole month
    public void A_review_is_titled_by_its_month_or_year_or_its_days(string from, string to, string title) =>
        Assert.Equal(title, ReviewDocument.Title(D(from), D(to)));

    [Fact]
    public void A_review_quotes_each_theme_and_links_every_day_from_the_journals_root()
    {
        var plague = new ReviewPassage(D("1665-09-14"), "1665/1665-09-14.md", 2, "the person was then dying of the plague");
        var other = new ReviewPassage(D("1665-09-03"), "1665/1665-09-03.md", 2, "Lords day.");
        var markdown = ReviewDocument.Markdown(D("1665-09-01"), D("1665-09-30"), 30,
            [new ReviewTheme("plague, dead, sick", [other, plague], plague)], [other],
            [new ReviewYear(1664, [("plague, dead, sick", 3)], 30), new ReviewYear(1663, [("plague, dead, sick", 0)], 30)]);
        Assert.StartsWith("---\njournal-review: true\nfrom: 1665-09-01\nto: 1665-09-30\n---\n\n# Review of September 1665\n", markdown);
        Assert.Contains("### plague, dead, sick (2 days)\n\n> the person was then dying of the plague\n>\n> [1665-09-14](/1665/1665-09-14.md#L3)", markdown);
        Assert.Contains("Days: [1665-09-03](/1665/1665-09-03.md#L3), [1665-09-14](/1665/1665-09-14.md#L3)", markdown);
        Assert.Contains("## Days unlike any other\n\n- [1665-09-03](/1665/1665-09-03.md#L3): Lords day.", markdown);
        Assert.Contains("- 1664: 30 entries; *plague, dead, sick* 3 days\n- 1663: 30 entries; none of these themes\n", markdown);
    }

    [Fact]
    public void A_long_passage_is_quoted_on_one_line_cut_at_a_words_end()
    {
        var text = string.Join("\n", Enumerable.Repeat("and so to bed", 40));
        var p = new ReviewPassage(D("1665-09-14"), "a b/1665-09-14.md", 0, text);
        var markdown = ReviewDocument.Markdown(D("1665-09-14"), D("1665-09-14"), 1, [new ReviewTheme("bed", [p], p)], [], []);
        var quote = markdown.Split('\n').Single(l => l.StartsWith("> and so"));
        Assert.True(quote.Length <= ReviewDocument.QuoteChars + 2 && quote.EndsWith('…') && !quote.EndsWith(" …"), quote);
        Assert.Contains("(/a%20b/1665-09-14.md#L1)", markdown); // a path with a space stays one link
    }

    [Fact]
    public void A_period_without_entries_says_so()
    {
        var markdown = ReviewDocument.Markdown(D("2026-12-01"), D("2026-12-31"), 0, [], [], []);
        Assert.EndsWith("# Review of December 2026\n\nNo entries in this period.\n", markdown);
    }

    [Fact]
    public void A_review_saved_into_the_journal_holds_no_entries()
    {
        var review = ReviewDocument.Markdown(D("1665-09-01"), D("1665-09-30"), 0, [], [], []);
        var parsed = JournalParser.Parse("Review September 1665.md", review);
        Assert.Empty(parsed.Entries);
        Assert.False(parsed.IsPrivate);
        Assert.NotEmpty(JournalParser.Parse("1665-09-01.md", "---\njournal-review: false\n---\n# 1665-09-01\nA day.\n").Entries);
        // Front matter YAML cannot read still marks a review.
        Assert.Empty(JournalParser.Parse("r.md", "---\njournal-review: true\ntags: [a, b\n---\n# 1665-09-01\nA day.\n").Entries);
    }
}
