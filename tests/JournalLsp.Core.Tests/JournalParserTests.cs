using JournalLsp.Core.Journal;

namespace JournalLsp.Core.Tests;

public class JournalParserTests
{
    [Theory]
    [InlineData("# 2019-11-03")]
    [InlineData("## 2019-11-03")]
    [InlineData("## Sunday, 3 November 2019")]
    [InlineData("## Nov 3, 2019")]
    [InlineData("# November 3rd, 2019")]
    [InlineData("### 3 Nov 2019")]
    [InlineData("# 2019-11-03 A walk by the river")]
    public void A_date_heading_dates_the_entry(string heading)
    {
        var parsed = JournalParser.Parse("notes.md", $"{heading}\n\nWalked by the river.\n");
        var entry = Assert.Single(parsed.Entries);
        Assert.Equal(new DateOnly(2019, 11, 3), entry.Date);
        Assert.Equal("Walked by the river.", entry.Body);
        Assert.Equal((0, 2, 2), (entry.StartLine, entry.EndLine, entry.BodyStartLine));
    }

    [Theory]
    [InlineData("2019-11-03.md")]
    [InlineData("2019/11/03.md")]
    [InlineData("2019/2019-11-03.md")]
    [InlineData("20191103.md")]
    [InlineData("journal/2019/11/3.md")]
    [InlineData("2019-11-03-a-walk.md")]
    public void The_path_dates_a_file_without_a_date_heading(string path)
    {
        var entry = Assert.Single(JournalParser.Parse(path, "# A walk\n\nBy the river.").Entries);
        Assert.Equal(new DateOnly(2019, 11, 3), entry.Date);
        Assert.Equal("A walk", entry.Heading);
        Assert.Equal("# A walk\n\nBy the river.", entry.Body);
    }

    [Fact]
    public void Front_matter_date_wins_over_heading_and_path()
    {
        var text = "---\ntitle: Trip\ndate: 2021-06-05\ntags: [a, b]\n---\n# 2019-01-01\n\nOn the train.\n";
        var parsed = JournalParser.Parse("2018-02-02.md", text);
        var entry = Assert.Single(parsed.Entries);
        Assert.Equal(new DateOnly(2021, 6, 5), entry.Date);
        Assert.Equal(5, entry.StartLine);
        Assert.Equal(7, entry.EndLine);
        Assert.Empty(parsed.Warnings);
    }

    [Fact]
    public void Private_front_matter_keeps_the_file_out()
    {
        var parsed = JournalParser.Parse("2021-06-05.md", "---\nprivate: true\n---\nSecret.\n");
        Assert.True(parsed.IsPrivate);
        Assert.Empty(parsed.Entries);
    }

    [Fact]
    public void A_custom_private_flag_counts_and_private_itself_still_does()
    {
        const string secret = "---\nsecret: yes\n---\nSecret.\n";
        Assert.False(JournalParser.Parse("2021-06-05.md", secret).IsPrivate);
        Assert.True(JournalParser.Parse("2021-06-05.md", secret, "Secret").IsPrivate);
        Assert.True(JournalParser.Parse("2021-06-05.md", "---\nprivate: true\n---\nSecret.\n", "secret").IsPrivate);
        Assert.False(JournalParser.Parse("2021-06-05.md", "---\nsecret: false\n---\nOpen.\n", "secret").IsPrivate);
    }

    [Theory]
    [InlineData("---\nprivate: true\ntags: [a, b\n---\nSecret.\n", true)]        // YAML error elsewhere
    [InlineData("---\ntitle: \"x\nprivate: yes\n---\nSecret.\n", true)]         // unterminated quote
    [InlineData("---\nprivate: true\n\n# 2021-06-05\nSecret.\n", true)]           // never closed
    [InlineData("---\ntags: [a, b\nprivate: false\n---\nOpen.\n", false)]
    [InlineData("---\ntags: [a, b\n---\nprivate: true is what I wrote.\n", false)] // in the body, not the front matter
    public void Front_matter_that_yaml_cannot_read_is_still_private_when_it_says_so(string text, bool isPrivate) =>
        Assert.Equal(isPrivate, JournalParser.Parse("2021-06-05.md", text).IsPrivate);

    [Fact]
    public void Broken_front_matter_is_reported_and_the_text_still_indexed()
    {
        var parsed = JournalParser.Parse("2021-06-05.md", "---\ndate: [2021\n  : : bad\n---\nStill here.\n");
        var entry = Assert.Single(parsed.Entries);
        Assert.Equal(new DateOnly(2021, 6, 5), entry.Date);
        Assert.Equal("Still here.", entry.Body);
        Assert.Contains(parsed.Warnings, w => w.Contains("not valid YAML"));
    }

    [Fact]
    public void A_month_file_gives_one_entry_per_day_with_line_ranges()
    {
        var text = "# 1666-09\n\n## 1666-09-01\n\nFirst day.\n\n## 1666-09-02\n\nThe fire.\nMore fire.\n\n## 1666-09-03\n\nAshes.\n";
        var entries = JournalParser.Parse("monthly/1666-09.md", text).Entries;
        Assert.Equal([new DateOnly(1666, 9, 1), new DateOnly(1666, 9, 2), new DateOnly(1666, 9, 3)], entries.Select(e => e.Date!.Value));
        Assert.Equal([(2, 4), (6, 9), (11, 13)], entries.Select(e => (e.StartLine, e.EndLine)));
        Assert.Equal("The fire.\nMore fire.", entries[1].Body);
        Assert.Equal(8, entries[1].BodyStartLine);
    }

    [Fact]
    public void A_real_pepys_month_file_splits_into_its_days()
    {
        var path = Path.Combine(TestData.Pepys, "monthly", "1666-09.md");
        var entries = JournalParser.Parse("1666-09.md", File.ReadAllText(path)).Entries;
        Assert.Equal(30, entries.Count);
        Assert.Equal(new DateOnly(1666, 9, 1), entries[0].Date);
        Assert.Equal(new DateOnly(1666, 9, 30), entries[^1].Date);
        var daily = File.ReadAllText(Path.Combine(TestData.Pepys, "daily", "1666", "1666-09-02.md"));
        Assert.Equal(daily.Split("\n\n", 2)[1].TrimEnd(), entries[1].Body);
    }

    [Fact]
    public void An_undated_file_is_one_undated_note()
    {
        var entry = Assert.Single(JournalParser.Parse("ideas/books.md", "# Books to read\n\n- Middlemarch\n").Entries);
        Assert.Null(entry.Date);
        Assert.Equal("Books to read", entry.Heading);
    }

    [Fact]
    public void An_impossible_date_is_reported_and_not_used()
    {
        var parsed = JournalParser.Parse("2019-02-30.md", "Rain all day.");
        Assert.Null(Assert.Single(parsed.Entries).Date);
        Assert.Contains(parsed.Warnings, w => w.Contains("does not exist"));

        parsed = JournalParser.Parse("notes.md", "## 2019-02-30\n\nRain.\n\n## 2019-03-01\n\nSun.");
        Assert.Contains(parsed.Warnings, w => w.Contains("2019-02-30"));
        // The impossible day's text is not lost: it stays as an undated note before the next real day.
        Assert.Equal([null, new DateOnly(2019, 3, 1)], parsed.Entries.Select(e => e.Date));
        Assert.Contains("Rain.", parsed.Entries[0].Body);
    }

    [Fact]
    public void Headings_inside_code_blocks_are_not_entries()
    {
        var text = "## 2020-01-01\n\nText.\n\n```\n## 2020-01-02\n```\n";
        var entry = Assert.Single(JournalParser.Parse("x.md", text).Entries);
        Assert.Equal(6, entry.EndLine);
    }

    [Fact]
    public void Empty_and_blank_files_have_no_entries()
    {
        Assert.Empty(JournalParser.Parse("2020-01-01.md", "").Entries);
        Assert.Empty(JournalParser.Parse("2020-01-01.md", "\n\n  \n").Entries);
        Assert.Empty(JournalParser.Parse("2020-01-01.md", "## 2020-01-01\n\n").Entries);
    }

    [Fact]
    public void Crlf_line_endings_give_the_same_lines()
    {
        var entries = JournalParser.Parse("m.md", "## 2020-01-01\r\n\r\nOne.\r\n\r\n## 2020-01-02\r\n\r\nTwo.\r\n").Entries;
        Assert.Equal([(0, 2), (4, 6)], entries.Select(e => (e.StartLine, e.EndLine)));
        Assert.Equal("Two.", entries[1].Body);
    }
}
