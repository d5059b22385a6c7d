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

    private static DateOnly? Max(DateOnly? x, DateOnly? y) => x is null ? y : y is null ? x : x > y ? x : y;
    private static DateOnly? Min(DateOnly? x, DateOnly? y) => x is null ? y : y is null ? x : x < y ? x : y;
}
