using JournalLsp.Core.Journal;
using JournalLsp.Server.Documents;
using JournalLsp.Server.Protocol;

namespace JournalLsp.Server.Tests;

/// <summary>The dates written in an entry that hover previews and go-to-definition opens (<see cref="WrittenDates"/>).</summary>
public class WrittenDatesTests
{
    [Theory]
    [InlineData("See 2019-11-03 again.", 6, "2019-11-03")]
    [InlineData("As on [[2019-11-03]].", 9, "2019-11-03")]
    [InlineData("As on [[Nov 3rd, 2019]].", 9, "2019-11-03")] // Logseq's and Roam's page titles
    [InlineData("As on [[2019-11-03#Morning]].", 9, "2019-11-03")] // a heading of that day
    [InlineData("As on [[2019-11-03^a1b2c3]].", 9, "2019-11-03")] // a block of that day
    [InlineData("As on [[2019-11-03|that Sunday]].", 9, "2019-11-03")]
    [InlineData("As on [[Trip 2019-11-03]].", 9, "2019-11-03")] // a page named with its day
    [InlineData("As on [[Harbour]].", 9, "")]
    [InlineData("As on [[03-04-2019]].", 9, "")] // reads as two days, and the vault does not say which
    public void A_date_or_a_link_to_a_day_is_found_under_the_cursor(string line, int character, string expected) =>
        Assert.Equal(expected, WrittenDates.At(line, new Position(0, character))?.Date.ToString("yyyy-MM-dd") ?? "");

    [Fact]
    public void A_link_named_by_the_vaults_daily_note_format_is_its_day()
    {
        var vault = JournalLayout.FromSettings(new Dictionary<string, string> { [".obsidian/daily-notes.json"] = """{"format": "YYYY-MMM-DD"}""" }, TimeZoneInfo.Utc);
        Assert.Equal(new DateOnly(2023, 1, 1), WrittenDates.At("As on [[2023-Jan-01]].", new Position(0, 9), vault)?.Date);
        Assert.Null(WrittenDates.At("As on [[2023-Jan-01]].", new Position(0, 9)));
    }
}
