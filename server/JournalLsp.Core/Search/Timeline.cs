namespace JournalLsp.Core.Search;

/// <summary>How a timeline groups days: calendar months, or ISO 8601 weeks (Monday to Sunday).</summary>
public enum TimelineBy
{
    /// <summary>One bin per calendar month, starting on its first day.</summary>
    Month,
    /// <summary>One bin per week, starting on its Monday (ISO 8601).</summary>
    Week,
}

/// <summary>One bin of a timeline.</summary>
/// <param name="Start">The bin's first day (the 1st of the month, or a Monday).</param>
/// <param name="Entries">Dated entries in the bin.</param>
/// <param name="Matches">Days in the bin with an entry that matches the question (0 without one).</param>
public readonly record struct TimelineBin(DateOnly Start, int Entries, int Matches);

/// <summary>
/// The journal over time: dated entries and the days matching a question, counted per month or week, every bin
/// from the first entry's to the last's (empty ones too, so a chart's gaps are real), clipped to a date range.
/// </summary>
public static class Timeline
{
    /// <summary>The first day of the bin holding <paramref name="date"/>.</summary>
    public static DateOnly BinStart(DateOnly date, TimelineBy by) => by switch
    {
        TimelineBy.Week => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)), // Monday = 0 ... Sunday = 6
        _ => new DateOnly(date.Year, date.Month, 1),
    };

    /// <summary>The first day of the bin after the one starting on <paramref name="start"/>.</summary>
    public static DateOnly Next(DateOnly start, TimelineBy by) => by == TimelineBy.Week ? start.AddDays(7) : start.AddMonths(1);

    /// <summary>Counts <paramref name="entries"/> (one date per dated entry) and <paramref name="matches"/> (dates, counted once each) into bins.</summary>
    /// <param name="entries">The date of every dated entry, in any order.</param>
    /// <param name="matches">The dates of the entries that match a question; any not in <paramref name="entries"/>' span are ignored.</param>
    /// <param name="by">Months or weeks.</param>
    /// <param name="range">Days to keep; null for all. Bins run from the first kept entry's to the last's.</param>
    /// <returns>The bins in date order; empty when no entry is kept.</returns>
    public static IReadOnlyList<TimelineBin> Bin(IEnumerable<DateOnly> entries, IEnumerable<DateOnly> matches, TimelineBy by, DateRange? range = null)
    {
        var kept = entries.Where(d => range?.Contains(d) ?? true).ToList();
        if (kept.Count == 0) return [];
        var first = BinStart(kept.Min(), by);
        var last = BinStart(kept.Max(), by);
        var counts = new SortedDictionary<DateOnly, (int Entries, int Matches)>();
        for (var start = first; start <= last; start = Next(start, by)) counts[start] = (0, 0);
        foreach (var date in kept)
        {
            var key = BinStart(date, by);
            counts[key] = counts[key] with { Entries = counts[key].Entries + 1 };
        }
        foreach (var date in matches.Where(d => range?.Contains(d) ?? true).Distinct())
            if (counts.TryGetValue(BinStart(date, by), out var c)) counts[BinStart(date, by)] = c with { Matches = c.Matches + 1 };
        return [.. counts.Select(kv => new TimelineBin(kv.Key, kv.Value.Entries, kv.Value.Matches))];
    }
}
