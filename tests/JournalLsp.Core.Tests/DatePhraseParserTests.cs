using JournalLsp.Core.Search;

namespace JournalLsp.Core.Tests;

public class DatePhraseParserTests
{
    private static readonly DateOnly s_today = new(2026, 11, 25);

    [Theory]
    [InlineData("a day I felt alive in 2019", "a day I felt alive", "2019-01-01", "2019-12-31")]
    [InlineData("in November 2019 walks", "walks", "2019-11-01", "2019-11-30")]
    [InlineData("between 2018 and 2020 my travels", "my travels", "2018-01-01", "2020-12-31")]
    [InlineData("from March 2018 to May 2018 the move", "the move", "2018-03-01", "2018-05-31")]
    [InlineData("before 2017, concerts", "concerts", null, "2016-12-31")]
    [InlineData("after 2017 concerts", "concerts", "2018-01-01", null)]
    [InlineData("since March 2021 running", "running", "2021-03-01", null)]
    [InlineData("last year holidays", "holidays", "2025-01-01", "2025-12-31")]
    [InlineData("this month worries", "worries", "2026-11-01", "2026-11-30")]
    [InlineData("last month", "", "2026-10-01", "2026-10-31")]
    [InlineData("this week", "", "2026-11-23", "2026-11-29")]
    [InlineData("two years ago at Christmas", "at Christmas", "2024-01-01", "2024-12-31")]
    [InlineData("in 1665 the plague", "the plague", "1665-01-01", "1665-12-31")]
    [InlineData("yesterday at work", "at work", "2026-11-24", "2026-11-24")]
    [InlineData("music in the 1660s", "music", "1660-01-01", "1669-12-31")]
    [InlineData("the 1990's films", "films", "1990-01-01", "1999-12-31")]
    [InlineData("in the summer of 1665 the plague", "the plague", "1665-06-01", "1665-08-31")]
    [InlineData("in winter 1666 the frost", "the frost", "1666-12-01", "1667-02-28")]
    [InlineData("before the 1960s music", "music", null, "1959-12-31")]
    [InlineData("since the 1990s", "", "1990-01-01", null)]
    [InlineData("after the summer of 2020 runs", "runs", "2020-09-01", null)]
    [InlineData("the day before yesterday", "", "2026-11-23", "2026-11-23")]
    [InlineData("last summer swims", "swims", "2026-06-01", "2026-08-31")]       // ended before 2026-11-25
    [InlineData("last autumn walks", "walks", "2025-09-01", "2025-11-30")]      // this autumn has not ended
    [InlineData("this spring blossom", "blossom", "2026-03-01", "2026-05-31")]
    [InlineData("this winter", "", "2026-12-01", "2027-02-28")]
    [InlineData("last winter", "", "2025-12-01", "2026-02-28")]
    public void Date_phrases_become_ranges_and_leave_the_text(string question, string text, string? from, string? to)
    {
        var parsed = DatePhraseParser.Parse(question, s_today);
        Assert.Equal(text, parsed.Text);
        Assert.Equal(new DateRange(from is null ? null : DateOnly.Parse(from), to is null ? null : DateOnly.Parse(to)), parsed.Range);
    }

    [Theory]
    [InlineData("2027-01-15", "this winter", "2026-12-01", "2027-02-28")] // January: the winter that began in December
    [InlineData("2027-01-15", "last winter", "2025-12-01", "2026-02-28")]
    [InlineData("2027-03-01", "last winter", "2026-12-01", "2027-02-28")]
    [InlineData("2024-03-01", "yesterday", "2024-02-29", "2024-02-29")]
    public void Relative_phrases_count_from_today(string today, string question, string from, string to) =>
        Assert.Equal(new DateRange(DateOnly.Parse(from), DateOnly.Parse(to)), DatePhraseParser.Parse(question, DateOnly.Parse(today)).Range);

    [Theory]
    [InlineData("in 1665 the plague", "1665")]
    [InlineData("in November 2019 walks", "November 2019")]
    [InlineData("music in the 1660s", "the 1660s")]
    [InlineData("in the summer of 1665", "1665-06-01 to 1665-08-31")]
    [InlineData("since March 2021", "days since 2021-03-01")]
    [InlineData("before 2017", "days up to 2016-12-31")]
    [InlineData("yesterday", "2026-11-24")]
    [InlineData("between 2018 and 2020", "2018-01-01 to 2020-12-31")]
    public void A_range_is_described_as_shortly_as_it_is_exact(string question, string described) =>
        Assert.Equal(described, DatePhraseParser.Parse(question, s_today).Range!.Describe());

    [Theory]
    [InlineData("tell me about a day I felt truly alive")] // no date phrase at all
    [InlineData("a fall of 2000 feet")]       // no operator: not a season
    [InlineData("in 0000 the plague")]        // a year DateOnly has no day of
    [InlineData("in the winter of 9999")]
    [InlineData("the 0000s")]
    public void A_question_without_a_date_phrase_or_with_words_that_only_look_like_one_is_untouched(string question)
    {
        var parsed = DatePhraseParser.Parse(question, s_today);
        Assert.Null(parsed.Range);
        Assert.Equal(question, parsed.Text);
    }

    [Fact]
    public void Ranges_contain_only_their_days()
    {
        var range = new DateRange(new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31));
        Assert.True(range.Contains(new DateOnly(2019, 6, 1)));
        Assert.False(range.Contains(new DateOnly(2020, 1, 1)));
        Assert.False(range.Contains(null));
        Assert.Equal(new DateRange(new DateOnly(2019, 3, 1), new DateOnly(2019, 12, 31)),
            DateRange.Intersect(range, new DateRange(new DateOnly(2019, 3, 1), null)));
    }
}

public class QuestionFramingTests
{
    [Theory]
    [InlineData("tell me about a day I felt truly alive", "I felt truly alive")]
    [InlineData("a day I felt truly alive", "I felt truly alive")]
    [InlineData("Show me the days when we went swimming?", "we went swimming")]
    [InlineData("when did I feel lonely", "I feel lonely")]
    [InlineData("the great fire of London", "the great fire of London")]
    [InlineData("days", "days")]
    public void Framing_is_removed_and_content_kept(string question, string content) =>
        Assert.Equal(content, QuestionFraming.Strip(question));
}
