namespace JournalLsp.Core.Search;

/// <summary>An inclusive range of days; a null end is open.</summary>
/// <param name="From">First day included, or null for no lower bound.</param>
/// <param name="To">Last day included, or null for no upper bound.</param>
public sealed record DateRange(DateOnly? From, DateOnly? To)
{
    /// <summary>True when <paramref name="date"/> lies in the range. An undated entry is in no bounded range.</summary>
    public bool Contains(DateOnly? date) =>
        date is { } d ? (From is null || d >= From) && (To is null || d <= To) : From is null && To is null;

    /// <summary>The narrower of two ranges (their intersection); either may be null.</summary>
    public static DateRange? Intersect(DateRange? a, DateRange? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        return new DateRange(Max(a.From, b.From), Min(a.To, b.To));
    }

    /// <summary>
    /// The range in words, as short as it is exact: "1665", "November 2019", "the 1660s", "1665-06-01 to 1665-08-31",
    /// "days since 2018-01-01", "days up to 2016-12-31", "any day". For showing what a question was filtered to.
    /// </summary>
    public string Describe() => (From, To) switch
    {
        (null, null) => "any day",
        ({ } f, null) => $"days since {f:yyyy-MM-dd}",
        (null, { } t) => $"days up to {t:yyyy-MM-dd}",
        ({ } f, { } t) when f == t => $"{f:yyyy-MM-dd}",
        ({ Month: 1, Day: 1 } f, { Month: 12, Day: 31 } t) when f.Year == t.Year => $"{f.Year}",
        ({ Month: 1, Day: 1 } f, { Month: 12, Day: 31 } t) when f.Year % 10 == 0 && t.Year == f.Year + 9 => $"the {f.Year}s",
        ({ Day: 1 } f, { } t) when f.Year == t.Year && f.Month == t.Month && t.Day == DateTime.DaysInMonth(t.Year, t.Month) =>
            f.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture),
        var (f, t) => $"{f:yyyy-MM-dd} to {t:yyyy-MM-dd}",
    };

    private static DateOnly? Max(DateOnly? x, DateOnly? y) => x is null ? y : y is null ? x : x > y ? x : y;
    private static DateOnly? Min(DateOnly? x, DateOnly? y) => x is null ? y : y is null ? x : x < y ? x : y;
}
