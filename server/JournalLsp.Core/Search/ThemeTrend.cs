namespace JournalLsp.Core.Search;

/// <summary>Where a theme stands now (<see cref="ThemeTrends.Of"/>).</summary>
public enum ThemeTrend
{
    /// <summary>None of the others: written about now and then.</summary>
    Steady,

    /// <summary>Written about in the month of the journal's last entry more than usual (<see cref="ThemeTrends.Of"/>).</summary>
    ThisMonth,

    /// <summary>Present for a while, absent for the last <see cref="ThemeTrends.RecentDays"/> days.</summary>
    Stopped,

    /// <summary>First written about within the last <see cref="ThemeTrends.RecentDays"/> days.</summary>
    New,
}

/// <summary>
/// The three quick sections of a journal's themes: this month's, the ones stopped, the new ones. Judged against the
/// journal's own last day, not the clock, so an old diary reads as its writer left it. Pure.
/// </summary>
public static class ThemeTrends
{
    /// <summary>What "lately" means: the last 90 days, a season.</summary>
    public const int RecentDays = 90;

    /// <summary>A theme must hold at least this many days to have stopped: 10 (a few mentions are not a habit).</summary>
    public const int MinDaysToStop = 10;

    /// <summary>And have lasted at least this long, first day to last: 90 days.</summary>
    public const int MinSpanToStop = 90;

    /// <summary>A new theme already holds at least this many days: 3 (one day is an event, not a theme).</summary>
    public const int MinDaysNew = 3;

    /// <summary>A theme of this month holds at least this many of its days: 3.</summary>
    public const int MinDaysThisMonth = 3;

    /// <summary>
    /// And at least this many times its usual days a month (its days over the months from its first to now): 2. Most
    /// themes touch most months of a diary (on the diary's 1665-1666, 35 of 36 had a day in its last month); this
    /// keeps the ones the month was about.
    /// </summary>
    public const double ThisMonthLift = 2;

    /// <summary>The trend as <c>journal/themes</c> and <c>themes --json</c> name it: thisMonth, stopped, new or steady.</summary>
    public static string Name(ThemeTrend trend) => trend switch
    {
        ThemeTrend.ThisMonth => "thisMonth",
        ThemeTrend.Stopped => "stopped",
        ThemeTrend.New => "new",
        _ => "steady",
    };

    /// <summary>
    /// Where a theme of <paramref name="days"/> (in date order, not empty) stands on <paramref name="now"/>, the
    /// journal's last dated day: <see cref="ThemeTrend.New"/> when its first day is within the last
    /// <see cref="RecentDays"/> and it holds <see cref="MinDaysNew"/> days; else <see cref="ThemeTrend.ThisMonth"/> when
    /// <paramref name="now"/>'s month holds <see cref="MinDaysThisMonth"/> of its days and <see cref="ThisMonthLift"/>
    /// times its usual days a month; else <see cref="ThemeTrend.Stopped"/> when none falls in the last
    /// <see cref="RecentDays"/> though it held <see cref="MinDaysToStop"/> days over <see cref="MinSpanToStop"/>; else
    /// <see cref="ThemeTrend.Steady"/>.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="days"/> is empty.</exception>
    public static ThemeTrend Of(IReadOnlyList<DateOnly> days, DateOnly now)
    {
        if (days.Count == 0) throw new ArgumentException("a theme has days", nameof(days));
        var recent = now.AddDays(-RecentDays);
        if (days[0] > recent && days.Count >= MinDaysNew) return ThemeTrend.New;
        var thisMonth = days.Count(d => d.Year == now.Year && d.Month == now.Month);
        var months = (now.Year - days[0].Year) * 12 + now.Month - days[0].Month + 1;
        if (thisMonth >= MinDaysThisMonth && thisMonth >= ThisMonthLift * days.Count / months) return ThemeTrend.ThisMonth;
        if (days[^1] <= recent && days.Count >= MinDaysToStop && days[^1].DayNumber - days[0].DayNumber >= MinSpanToStop)
            return ThemeTrend.Stopped;
        return ThemeTrend.Steady;
    }
}
