namespace JournalLsp.Core.Search;

/// <summary>
/// The rules of "similar days" around <see cref="PassageMatches"/>: which entries may be listed (not the day
/// itself, not the days within the neighbour window, which read alike trivially), the fusion with BM25, related days
/// first (<see cref="Relatedness"/>), the forgotten-entry weighting that lets entries not opened for a long time
/// rise, and the spread across weeks. Pure functions.
/// </summary>
public static class SimilarDays
{
    /// <summary>
    /// How long the "recently opened" penalty takes to halve (days). 30: a day opened this week is pushed down, one
    /// opened three months ago is back to its own score (2^(−3) = 12.5% of the weight).
    /// </summary>
    public const double SeenHalfLifeDays = 30;

    /// <summary>
    /// This many times <c>top</c> entries are ranked first, then fused with BM25 and re-ranked: a forgotten-entry
    /// penalty of up to the weight (0.1) moves an entry by a few places, never by hundreds, in lists whose neighbours
    /// differ by 0.01-0.05 in cosine, and the spread across weeks needs room to skip days.
    /// </summary>
    public const int PoolFactor = 4;

    /// <summary>
    /// The smallest <c>top</c> a pool is sized for: lists of up to 10 days are ranked from the same pool, so a hover's
    /// few days come in the order the Related Days view's 10 do (the fusion scales each list by what it holds, so pools
    /// of different sizes can order the same days differently).
    /// </summary>
    public const int MinPoolTop = 10;

    /// <summary>
    /// How many candidates each list brings to <see cref="Rank"/> for <paramref name="top"/> results (the length of its
    /// <c>lexical</c> list): <see cref="PoolFactor"/> × max(top, <see cref="MinPoolTop"/>).
    /// </summary>
    public static int PoolSize(int top) => Math.Max(top, MinPoolTop) * PoolFactor;

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

    /// <summary>
    /// The first <paramref name="top"/> of <paramref name="ordered"/>, but never a related item left out for an unrelated
    /// one: every related item (up to <paramref name="top"/>) and the first unrelated ones in the room left, in
    /// <paramref name="ordered"/>'s order.
    /// </summary>
    public static List<T> KeepRelated<T>(IReadOnlyList<T> ordered, Func<T, bool> related, int top)
    {
        var keep = ordered.Where(related).Take(top).ToHashSet();
        var room = top - keep.Count;
        var kept = new List<T>(Math.Min(top, ordered.Count));
        foreach (var item in ordered)
        {
            if (keep.Contains(item)) kept.Add(item);
            else if (!related(item) && room > 0) { kept.Add(item); room--; }
        }
        return kept;
    }

    /// <summary>The entries that may be listed as similar to <paramref name="self"/>: any other, outside ±<paramref name="neighbourDays"/> days.</summary>
    public static Func<EntryInfo, bool> Candidates(EntryInfo self, int neighbourDays) => e =>
        e.Id != self.Id && !(e.Date is { } d && self.Date is { } s && Math.Abs(d.DayNumber - s.DayNumber) <= neighbourDays);

    /// <summary>
    /// The forgotten-entry penalty: <paramref name="weight"/> × 2^(−days since <paramref name="lastSeen"/> / 30); 0 for
    /// an entry never opened, the full weight for one opened now (or, with a skewed clock, in the future).
    /// </summary>
    public static double ForgottenPenalty(DateTimeOffset? lastSeen, DateTimeOffset now, double weight) =>
        lastSeen is { } seen && weight > 0 ? weight * Math.Pow(2, -Math.Max(0, (now - seen).TotalDays) / SeenHalfLifeDays) : 0;

    /// <summary>
    /// The dense weight when similar days are ranked by hybrid search: 0.5, as for questions. On the Pepys question
    /// set's groups of related days (<c>eval similar</c>: 45 source days in 5 groups, the other days of the group
    /// outside the window to find), dense alone gives recall@10 0.078 and MRR@10 0.302, hybrid 0.126 and 0.324. A
    /// scratch sweep (recall capped at 10 days a group) put BM25 "more like this" alone at 0.206, and the combination
    /// at 0.200, 0.214 and 0.181 for weights 0.3, 0.5 and 0.7.
    /// </summary>
    public const double HybridDenseWeight = 0.5;

    /// <summary>
    /// How much a day near the source in time gains in a hybrid list of similar days, at most, in the fused score's
    /// units ([0, 1]): <see cref="StoryBonus"/>. A diary's stories unfold over weeks (of the days the blind related-days
    /// set calls related to a source, half lie within 24 days of it, 64% within 60), so of two days that read alike the
    /// nearer is more likely the same story. Only days whose dense score is above the mean of the source's candidates
    /// gain it. Chosen on that set's dev split (0.05 to 3 tried; from 1 up the pool is ordered by date alone): hit@5
    /// 0.559 -> 0.676, recall@10 0.189 -> 0.290; on test 0.441 -> 0.500 and 0.187 -> 0.283 (docs/quality.md, "Related
    /// days"). The bonus only orders: which days are related, and so the lens, do not change.
    /// </summary>
    public const double StoryWeight = 0.4;

    /// <summary>How far apart in days a day's <see cref="StoryBonus"/> halves: 30, a month, as <see cref="SeenHalfLifeDays"/>.</summary>
    public const double StoryHalfLifeDays = 30;

    /// <summary>
    /// <paramref name="weight"/> × 2^(−|days between <paramref name="day"/> and <paramref name="source"/>| / <see cref="StoryHalfLifeDays"/>):
    /// the full weight the day after, half of it 30 days apart, an eighth 90 days apart; 0 when either has no date (an
    /// undated note never gains it, so among days that read alike it comes after the dated ones near the source).
    /// </summary>
    public static double StoryBonus(DateOnly? day, DateOnly? source, double weight) =>
        day is { } d && source is { } s && weight > 0 ? weight * Math.Pow(2, -Math.Abs(d.DayNumber - s.DayNumber) / StoryHalfLifeDays) : 0;

    /// <summary>
    /// Every entry that may be listed as similar to <paramref name="source"/> (<see cref="Candidates"/>) with its dense
    /// score against it (<see cref="DenseScores(SearchCorpus, PassageMatches)"/>), unordered: what <see cref="Rank"/> judges relatedness
    /// on. The costly half of a ranking (a few ms on 10⁴ chunks), so a caller may run it beside its BM25 query.
    /// </summary>
    public static List<EntryHit> DenseScores(SearchCorpus corpus, int source, int neighbourDays) =>
        DenseScores(corpus, Match(corpus, source, neighbourDays));

    /// <summary>
    /// Every passage of <paramref name="source"/> (or only <paramref name="passages"/>, some of its chunks: those a
    /// selection touches) against every <see cref="Candidates"/> entry's passages (<see cref="PassageMatches.Match"/>).
    /// </summary>
    public static PassageMatches Match(SearchCorpus corpus, int source, int neighbourDays, IReadOnlyList<int>? passages = null) =>
        PassageMatches.Match(corpus, passages ?? corpus.ChunksOf(source), Candidates(corpus.Entries[source], neighbourDays));

    /// <summary>
    /// Each candidate of <paramref name="matches"/> with its dense score against the source: the mean over the source's
    /// passages of each one's best match in the entry (ColBERT's MaxSim, averaged, not summed, so a long day does not
    /// outscore a short one), with the passage that matched best; unordered. Aggregates that let the strongest pair
    /// decide (the best pair, the best standing over the source passage's background, the mean of the two best) were
    /// measured on the related-days dev split and none did better (docs/quality.md, "Related days").
    /// </summary>
    public static List<EntryHit> DenseScores(SearchCorpus corpus, PassageMatches matches)
    {
        var hits = new List<EntryHit>();
        var sources = matches.SourceChunks.Count;
        for (var e = 0; e < corpus.Entries.Count; e++)
        {
            if (!matches.IsCandidate(e)) continue;
            var (sum, best) = (0f, 0);
            for (var s = 0; s < sources; s++)
            {
                sum += matches.Best(e, s);
                if (matches.Best(e, s) > matches.Best(e, best)) best = s;
            }
            hits.Add(new EntryHit(e, matches.BestChunk(e, best), sum / sources));
        }
        return hits;
    }

    /// <summary>
    /// The <paramref name="top"/> entries that read most like <paramref name="source"/>, best first
    /// (<see cref="DenseScores(SearchCorpus, PassageMatches)"/>, fused with <paramref name="lexical"/> when given, the days
    /// near it in time gaining <see cref="StoryBonus"/>), in that order, with which of them are related
    /// (<see cref="Relatedness"/>, judged on every candidate's dense score). Every related day the list has room for is
    /// in it, in its place by score (the rest fill the list), so which days are related, and the lens's count, do not
    /// depend on the order. From a pool of <see cref="PoolSize"/>(top) and the related days, re-ranked by score −
    /// <see cref="ForgottenPenalty"/> when <paramref name="forgottenWeight"/> is above 0 (a penalty orders, it never
    /// makes a day related or unrelated), then spread across weeks (<see cref="SpreadAcrossWeeks"/>).
    /// <para>Related days are not moved first: on the related-days dev split, listing them in the ranking's order
    /// took hit@5 0.676 -> 0.765 and MRR@10 0.523 -> 0.626 (recall@10 the same; docs/quality.md, "Related days"): the
    /// verdict is one dense score against a bar, the order the fused, story-aware score.</para>
    /// </summary>
    /// <param name="corpus">What to search.</param>
    /// <param name="source">Index into <see cref="SearchCorpus.Entries"/>; an entry with no indexed text gives no hits.</param>
    /// <param name="top">How many entries to return.</param>
    /// <param name="neighbourDays">Days either side of the source left out.</param>
    /// <param name="forgottenWeight">0 (off) to 1.</param>
    /// <param name="lastSeen">When entries were last opened in an editor, by key; an entry not in it never was.</param>
    /// <param name="now">The time the penalty counts from.</param>
    /// <param name="lexical">
    /// For hybrid ranking, the best <see cref="PoolSize"/>(top) entries by BM25 ("more like this",
    /// <see cref="LexicalRanker.MoreLikeThisWords"/>), fused with the dense list by
    /// <see cref="Fusion.Convex(IReadOnlyList{EntryHit}, IReadOnlyList{EntryHit}, double, int)"/> at
    /// <paramref name="denseWeight"/>; entries among them that are not candidates are left out. Null for dense alone.
    /// </param>
    /// <param name="dense"><see cref="DenseScores(SearchCorpus, PassageMatches)"/> of the same source and neighbour days when the caller has them; null to score here.</param>
    /// <param name="denseWeight">
    /// The dense list's weight in the fusion: <see cref="HybridDenseWeight"/>; 0 orders by BM25 alone (for measuring it
    /// beside hybrid), the related days still listed.
    /// </param>
    /// <param name="storyWeight">
    /// With <paramref name="lexical"/>, the fused score of each day whose dense score is above the candidates' mean gains
    /// <see cref="StoryBonus"/> at this weight: <see cref="StoryWeight"/>; 0 for the plain lists measured beside hybrid.
    /// </param>
    public static SimilarDayList Rank(SearchCorpus corpus, int source, int top, int neighbourDays,
        double forgottenWeight, IReadOnlyDictionary<EntryKey, DateTimeOffset> lastSeen, DateTimeOffset now,
        IReadOnlyList<EntryHit>? lexical = null, IReadOnlyList<EntryHit>? dense = null, double denseWeight = HybridDenseWeight,
        double storyWeight = StoryWeight)
    {
        var include = Candidates(corpus.Entries[source], neighbourDays);
        var scored = dense ?? DenseScores(corpus, source, neighbourDays);
        var threshold = Relatedness.Threshold(scored);
        var isRelated = scored.Where(h => h.Score >= threshold).Select(h => h.Entry).ToHashSet();
        // The best by dense score, and every related day (a journal's most alike days, with a bar below the pool's
        // last, can number more than the pool).
        var best = TopK.Best(scored, PoolSize(top) + isRelated.Count);
        // Fused over the whole union, none cut: every dense-pool day stays, so which days are related (and how many the
        // lens counts, from the dense list alone) does not depend on the fusion.
        IReadOnlyList<EntryHit> words = lexical is null ? [] : [.. lexical.Where(h => include(corpus.Entries[h.Entry]))];
        var pool = lexical is null ? best : [.. Fusion.Convex(best, words, denseWeight, best.Length + words.Count)];
        var day = corpus.Entries[source].Date;
        if (lexical is not null && storyWeight > 0)
        {
            // Only days that read more alike than the source's average candidate: a near day about something else
            // (and any day of a journal too young to judge, Relatedness.MinCandidates) gains nothing.
            var alike = Relatedness.Threshold(scored, 0, double.NegativeInfinity);
            var denseOf = scored.ToDictionary(h => h.Entry, h => h.Score);
            pool = TopK.Best(pool.Select(h => denseOf.GetValueOrDefault(h.Entry, float.NegativeInfinity) >= alike
                ? h with { Score = h.Score + (float)StoryBonus(corpus.Entries[h.Entry].Date, day, storyWeight) } : h), pool.Length);
        }
        IEnumerable<EntryHit> Ordered(IEnumerable<EntryHit> part) => forgottenWeight > 0
            ? TopK.Best(part.Select(h => h with
            {
                Score = h.Score - (float)ForgottenPenalty(
                    lastSeen.TryGetValue(EntryKey.Of(corpus.Entries[h.Entry]), out var seen) ? seen : null, now, forgottenWeight),
            }), pool.Length)
            : part;
        // A week's slots go to its related days first, then the list is in the ranking's order again.
        var ordered = Ordered(pool).ToList();
        var admitted = SpreadAcrossWeeks(corpus, ordered.Where(h => isRelated.Contains(h.Entry)).Concat(ordered.Where(h => !isRelated.Contains(h.Entry))), pool.Length)
            .Select(h => h.Entry).ToHashSet();
        var kept = KeepRelated(ordered.Where(h => admitted.Contains(h.Entry)).ToList(), h => isRelated.Contains(h.Entry), top);
        return new SimilarDayList(kept, kept.Where(h => isRelated.Contains(h.Entry)).Select(h => h.Entry).ToHashSet(), threshold);
    }
}

/// <summary>A list of similar days, best first, some of them related.</summary>
/// <param name="Hits">The days in the ranking's order; a hit's score is the ranking's (fused, plus the story bonus, less any forgotten penalty).</param>
/// <param name="Related">The entries of <paramref name="Hits"/> that are related (<see cref="Relatedness"/>).</param>
/// <param name="Threshold">The dense score a day needed to be related (<see cref="Relatedness.Threshold(IReadOnlyCollection{EntryHit})"/>).</param>
public sealed record SimilarDayList(IReadOnlyList<EntryHit> Hits, IReadOnlySet<int> Related, float Threshold)
{
    /// <summary>How many of <see cref="Hits"/> are related.</summary>
    public int RelatedCount => Related.Count;

    /// <summary>Whether entry <paramref name="entry"/> (an index into <see cref="SearchCorpus.Entries"/>) is listed as related.</summary>
    public bool IsRelated(int entry) => Related.Contains(entry);
}
