using JournalLsp.Core.Search;

namespace JournalLsp.Core.Tests;

public class TimelineTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s);

    [Theory]
    [InlineData("2026-12-02", TimelineBy.Month, "2026-12-01")]
    [InlineData("2026-12-01", TimelineBy.Month, "2026-12-01")]
    [InlineData("2026-12-02", TimelineBy.Week, "2026-11-30")] // a Wednesday: its Monday
    [InlineData("2026-11-30", TimelineBy.Week, "2026-11-30")] // a Monday is its own
    [InlineData("2026-12-06", TimelineBy.Week, "2026-11-30")] // a Sunday ends the ISO week
    [InlineData("1666-01-01", TimelineBy.Week, "1665-12-28")] // weeks cross years (proleptic Gregorian, as DateOnly)
    public void A_day_falls_in_the_bin_of_its_month_or_ISO_week(string day, TimelineBy by, string start) =>
        Assert.Equal(D(start), Timeline.BinStart(D(day), by));

    [Fact]
    public void Every_month_from_the_first_entry_to_the_last_is_a_bin_empty_ones_too()
    {
        var bins = Timeline.Bin([D("1665-01-03"), D("1665-01-20"), D("1665-04-02")], [D("1665-01-20"), D("1665-01-20"), D("1665-04-02")], TimelineBy.Month);
        Assert.Equal(
            [new(D("1665-01-01"), 2, 1), new(D("1665-02-01"), 0, 0), new(D("1665-03-01"), 0, 0), new(D("1665-04-01"), 1, 1)],
            bins);
    }

    [Fact]
    public void A_range_clips_the_bins_and_the_matches()
    {
        var entries = new[] { D("1665-01-03"), D("1665-02-10"), D("1665-03-05"), D("1665-04-02") };
        var bins = Timeline.Bin(entries, entries, TimelineBy.Month, new DateRange(D("1665-02-01"), D("1665-03-31")));
        Assert.Equal([new(D("1665-02-01"), 1, 1), new(D("1665-03-01"), 1, 1)], bins);
    }

    [Fact]
    public void A_match_before_the_range_is_not_counted_even_in_a_kept_bin()
    {
        // The week of Monday 2026-11-30 is kept (an entry on 12-02 is in range), but the match on 11-30 is before From.
        var bins = Timeline.Bin([D("2026-11-30"), D("2026-12-02")], [D("2026-11-30"), D("2026-12-02")], TimelineBy.Week, new DateRange(D("2026-12-01"), null));
        Assert.Equal([new(D("2026-11-30"), 1, 1)], bins);
    }

    [Fact]
    public void Weeks_count_by_Monday()
    {
        var bins = Timeline.Bin([D("2026-11-29"), D("2026-11-30"), D("2026-12-06"), D("2026-12-07")], [], TimelineBy.Week);
        Assert.Equal([new(D("2026-11-23"), 1, 0), new(D("2026-11-30"), 2, 0), new(D("2026-12-07"), 1, 0)], bins);
    }

    [Fact]
    public void No_entry_in_the_range_is_no_bin() =>
        Assert.Empty(Timeline.Bin([D("1665-01-03")], [], TimelineBy.Month, new DateRange(D("2020-01-01"), null)));
}
