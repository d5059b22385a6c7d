namespace JournalLsp.Core.Search;

/// <summary>
/// The rules of "similar days" around <see cref="DenseRanker.RankSimilar"/>: which entries may be listed (not the day
/// itself, not the days within the neighbour window, which read alike trivially), how many a code lens promises, and
/// the forgotten-entry weighting that lets entries not opened for a long time rise. Pure functions.
/// </summary>
public static class SimilarDays
{
    /// <summary>
    /// How long the "recently opened" penalty takes to halve (days). 30: a day opened this week is pushed down, one
    /// opened three months ago is back to its own score (2^(−3) = 12.5% of the weight).
    /// </summary>
    public const double SeenHalfLifeDays = 30;

    /// <summary>
    /// With a forgotten-entry weight, this many times <c>top</c> entries are ranked first and then re-ranked: a
    /// penalty of up to the weight (0.1) moves an entry by a few places, never by hundreds, in lists whose neighbours
    /// differ by 0.01-0.05 in cosine.
    /// </summary>
    public const int PoolFactor = 4;

    /// <summary>
    /// At most this many days from one ISO week in a list of similar days: a week of a holiday or of a fire reads alike
    /// day after day, and a list of five days from that one week hides every other week the source resembles.
    /// </summary>
    public const int MaxPerWeek = 2;

    /// <summary>
    /// <paramref name="ranked"/> (best first) with at most <paramref name="perWeek"/> entries from any one ISO week
    /// (undated notes are not limited), cut to <paramref name="top"/>; the order is kept.
    /// </summary>
    public static IReadOnlyList<EntryHit> SpreadAcrossWeeks(SearchCorpus corpus, IEnumerable<EntryHit> ranked, int top, int perWeek = MaxPerWeek)
    {
        var perWeekCount = new Dictionary<(int Year, int Week), int>();
        var kept = new List<EntryHit>();
        foreach (var hit in ranked)
        {
            if (kept.Count >= top) break;
            if (corpus.Entries[hit.Entry].Date is { } d)
            {
                var date = d.ToDateTime(TimeOnly.MinValue);
                var week = (System.Globalization.ISOWeek.GetYear(date), System.Globalization.ISOWeek.GetWeekOfYear(date));
                var n = perWeekCount.GetValueOrDefault(week);
                if (n >= perWeek) continue;
                perWeekCount[week] = n + 1;
            }
            kept.Add(hit);
        }
        return kept;
    }

    /// <summary>The entries that may be listed as similar to <paramref name="self"/>: any other, outside ±<paramref name="neighbourDays"/> days.</summary>
    public static Func<EntryInfo, bool> Candidates(EntryInfo self, int neighbourDays) => e =>
        e.Id != self.Id && !(e.Date is { } d && self.Date is { } s && Math.Abs(d.DayNumber - s.DayNumber) <= neighbourDays);

    /// <summary>
    /// How many entries <see cref="Rank"/> would list for <paramref name="source"/>, without ranking: candidates with
    /// indexed text, up to <paramref name="top"/>; 0 when the source has no indexed text. Microseconds, for code lenses.
    /// </summary>
    public static int Count(SearchCorpus corpus, int source, int neighbourDays, int top)
    {
        if (corpus.ChunksOf(source).Count == 0) return 0;
        var include = Candidates(corpus.Entries[source], neighbourDays);
        var count = 0;
        for (var e = 0; e < corpus.Entries.Count && count < top; e++)
            if (corpus.ChunksOf(e).Count > 0 && include(corpus.Entries[e])) count++;
        return count;
    }

    /// <summary>
    /// The forgotten-entry penalty: <paramref name="weight"/> × 2^(−days since <paramref name="lastSeen"/> / 30); 0 for
    /// an entry never opened, the full weight for one opened now (or, with a skewed clock, in the future).
    /// </summary>
    public static double ForgottenPenalty(DateTimeOffset? lastSeen, DateTimeOffset now, double weight) =>
        lastSeen is { } seen && weight > 0 ? weight * Math.Pow(2, -Math.Max(0, (now - seen).TotalDays) / SeenHalfLifeDays) : 0;

    /// <summary>
    /// The <paramref name="top"/> entries that read most like <paramref name="source"/>, best first
    /// (<see cref="DenseRanker.RankSimilar"/> over <see cref="Candidates"/>): a pool of <see cref="PoolFactor"/> × top,
    /// re-ranked by score − <see cref="ForgottenPenalty"/> when <paramref name="forgottenWeight"/> is above 0, then
    /// spread across weeks (<see cref="SpreadAcrossWeeks"/>).
    /// </summary>
    /// <param name="corpus">What to search.</param>
    /// <param name="source">Index into <see cref="SearchCorpus.Entries"/>; an entry with no indexed text gives no hits.</param>
    /// <param name="top">How many entries to return.</param>
    /// <param name="neighbourDays">Days either side of the source left out.</param>
    /// <param name="forgottenWeight">0 (off) to 1.</param>
    /// <param name="lastSeen">When an entry was last opened in an editor, or null if never.</param>
    /// <param name="now">The time the penalty counts from.</param>
    public static IReadOnlyList<EntryHit> Rank(SearchCorpus corpus, int source, int top, int neighbourDays,
        double forgottenWeight, Func<EntryInfo, DateTimeOffset?> lastSeen, DateTimeOffset now)
    {
        var include = Candidates(corpus.Entries[source], neighbourDays);
        var pool = DenseRanker.RankSimilar(corpus, corpus.ChunksOf(source), top * PoolFactor, include);
        if (forgottenWeight > 0)
            pool = TopK.Best(pool.Select(h => h with
            {
                Score = h.Score - (float)ForgottenPenalty(lastSeen(corpus.Entries[h.Entry]), now, forgottenWeight),
            }), pool.Count);
        return SpreadAcrossWeeks(corpus, pool, top);
    }
}
