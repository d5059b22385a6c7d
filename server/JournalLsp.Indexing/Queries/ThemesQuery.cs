using JournalLsp.Core.Search;

namespace JournalLsp.Indexing;

/// <summary>
/// The themes a journal keeps coming back to (<see cref="Core.Search.Themes"/>): every sentence window in one theme,
/// each theme its days, its most distinctive words (<see cref="ThemeLabels"/>) and its most central passage.
/// </summary>
public static class ThemesQuery
{
    /// <summary>
    /// A fit may be kept for a journal whose units (<see cref="Core.Search.Themes.Units"/>) number within this share of
    /// those it was fitted on: 10%. New units join the nearest theme and no other unit moves (a new day changes no
    /// theme but its own); beyond it, the themes are found again.
    /// </summary>
    public const double RefitShare = 0.10;

    /// <summary>
    /// Each unit's theme (a sentence window, or the passage of an entry too short for windows) for the snapshot: from <paramref name="previous"/>'s centroids when it fits the journal
    /// still (<see cref="RefitShare"/>, same vector length), else found afresh (<see cref="Core.Search.Themes.Find"/>,
    /// <see cref="Core.Search.Themes.Count"/> themes unless <paramref name="k"/> says). Memoised per snapshot.
    /// </summary>
    public static ThemeAssignment Assign(JournalSnapshot snapshot, ThemeFit? previous, int? k = null, ThemeMethod method = Core.Search.Themes.Method) =>
        snapshot.Memo(("themes assigned", k, method), s =>
        {
            var corpus = s.Corpus;
            var units = Core.Search.Themes.Units(corpus);
            var d = corpus.Dimensions;
            var count = units.Count;
            var keep = previous is not null && k is null && previous.Method == method && previous.Dimensions == d
                && Math.Abs(count - previous.Units) <= RefitShare * previous.Units;
            var (rows, mean) = Core.Search.Themes.CentredRows(corpus, units, keep ? previous!.Mean : null);
            if (count == 0) return new ThemeAssignment(new ThemeFit([], d, 0, method, mean), units, [], rows); // nothing indexed: no themes
            var fit = keep ? previous! : new ThemeFit(
                Core.Search.Themes.Find(rows, d, k ?? Core.Search.Themes.Count(count), method).Centroids, d, count, method, mean);
            return new ThemeAssignment(fit, units, ThemeClustering.Nearest(rows, fit.Centroids, d), rows);
        });

    /// <summary>
    /// The themes with days in <paramref name="query"/>'s period, most days there first, at most its
    /// <see cref="ThemeQuery.Max"/>: each with its label, every day it holds in the period, its bins (month or week, the
    /// same for every theme, from the period's first entry to its last) and its most central passage there. Memoised
    /// per snapshot and query.
    /// </summary>
    public static JournalThemes Themes(JournalSnapshot snapshot, ThemeAssignment assigned, ThemeQuery query) =>
        snapshot.Memo(("themes", assigned.Fit, query), s =>
        {
            var corpus = s.Corpus;
            bool InPeriod(DateOnly? date) => date is { } d && (query.From is not { } from || d >= from) && (query.To is not { } to || d <= to);
            var k = assigned.Fit.Count;
            var members = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
            for (var u = 0; u < assigned.Assignment.Length; u++) members[assigned.Assignment[u]].Add(u);
            var labels = Labels(s, assigned, members);
            // Trends are judged on the whole journal, as of its last dated day.
            var now = corpus.Entries.Select(e => e.Date).Max() ?? DateOnly.MinValue;
            var entries = corpus.Entries.Select(e => e.Date).Where(InPeriod).Select(d => d!.Value).ToList();
            var range = query.From is null && query.To is null ? null : new DateRange(query.From, query.To);
            var periodDays = assigned.Days(corpus, query.From, query.To);
            var allDays = assigned.Days(corpus);
            var themes = new List<(JournalThemeDraft Draft, int Days)>();
            for (var t = 0; t < k; t++)
            {
                if (query.Theme is { } only && only != t) continue;
                var days = periodDays[t];
                if (days.Count == 0) continue;
                var theme = t;
                var example = members[t].Where(u => InPeriod(corpus.Entries[assigned.Units[u].Entry].Date)).MaxBy(u => assigned.Closeness(u, theme));
                themes.Add((new JournalThemeDraft(t, labels[t], days, Timeline.Bin(entries, days, query.By, range), example,
                    ThemeTrends.Of(allDays[t], now)), days.Count));
            }
            var kept = themes.OrderByDescending(x => x.Days).ThenBy(x => x.Draft.Id).Take(query.Max ?? int.MaxValue).Select(x => x.Draft).ToList();
            EntryHit Hit(int u) => assigned.Units[u] is var unit && unit.Window
                ? new EntryHit(unit.Entry, corpus.PassageOf(unit.Index), 1f, unit.Index) : new EntryHit(unit.Entry, unit.Index, 1f);
            var examples = s.Results([.. kept.Select(t => Hit(t.Example))], snippetChars: 400);
            return new JournalThemes([.. kept.Select((t, i) => new JournalTheme(t.Id, string.Join(", ", t.Terms.Take(3)), t.Terms, t.Days, t.Bins, examples[i],
                query.Theme is null ? null : s.Results([.. Passages(t.Id).Select(Hit)], snippetChars: 200), t.Trend))], query.By);

            // For one theme asked by id: per day of the period, newest first, the theme's unit of that day nearest its centroid.
            IEnumerable<int> Passages(int theme) => members[theme]
                .Where(u => InPeriod(corpus.Entries[assigned.Units[u].Entry].Date))
                .GroupBy(u => corpus.Entries[assigned.Units[u].Entry].Date!.Value)
                .OrderByDescending(g => g.Key)
                .Select(g => g.MaxBy(u => assigned.Closeness(u, theme)));
        });

    // Each theme's words, from the texts of all its units (journal-wide, so a label does not change with the period).
    private static IReadOnlyList<IReadOnlyList<string>> Labels(JournalSnapshot snapshot, ThemeAssignment assigned, List<int>[] members) =>
        snapshot.Memo(("theme labels", assigned.Fit), s =>
        {
            var units = assigned.Units;
            var (passages, windows) = s.Texts([.. units.Where(u => !u.Window).Select(u => u.Index)], [.. units.Where(u => u.Window).Select(u => u.Index)]);
            string Text(ThemeUnit u) => (u.Window ? windows : passages).GetValueOrDefault(u.Index, "");
            return ThemeLabels.Terms([.. members.Select(m => (IReadOnlyList<string>)[.. m.Select(u => Text(units[u]))])]);
        });

    private sealed record JournalThemeDraft(int Id, IReadOnlyList<string> Terms, IReadOnlyList<DateOnly> Days, IReadOnlyList<TimelineBin> Bins, int Example,
        ThemeTrend Trend);
}

/// <summary>Themes found for a journal.</summary>
/// <param name="Centroids">Their unit centroids, float[k × <paramref name="Dimensions"/>].</param>
/// <param name="Dimensions">The vectors' length (384).</param>
/// <param name="Units">How many units (<see cref="Core.Search.Themes.Units"/>) they were found from.</param>
/// <param name="Method">How.</param>
/// <param name="Mean">The mean the units were centred by (float[d]); kept with the fit, so a grown journal's old units do not move.</param>
public sealed record ThemeFit(float[] Centroids, int Dimensions, int Units, ThemeMethod Method, float[] Mean)
{
    /// <summary>How many themes: the centroids' rows.</summary>
    public int Count => Dimensions == 0 ? 0 : Centroids.Length / Dimensions;
}

/// <summary>Each unit's theme (<paramref name="Assignment"/>, one per unit of <paramref name="Units"/>) under <paramref name="Fit"/>, with the centred rows they were judged on.</summary>
public sealed record ThemeAssignment(ThemeFit Fit, IReadOnlyList<ThemeUnit> Units, int[] Assignment, float[] Rows)
{
    /// <summary>Each theme's days from <paramref name="from"/> to <paramref name="to"/> (<see cref="Core.Search.Themes.Days"/>).</summary>
    public IReadOnlyList<IReadOnlyList<DateOnly>> Days(SearchCorpus corpus, DateOnly? from = null, DateOnly? to = null) =>
        Core.Search.Themes.Days(corpus, Units, Assignment, Fit.Count, from, to);

    /// <summary>The cosine of unit <paramref name="unit"/> (its centred row) with theme <paramref name="theme"/>'s centroid: how central it is to it.</summary>
    public float Closeness(int unit, int theme) => System.Numerics.Tensors.TensorPrimitives.Dot(
        Rows.AsSpan(unit * Fit.Dimensions, Fit.Dimensions), Fit.Centroids.AsSpan(theme * Fit.Dimensions, Fit.Dimensions));
}

/// <summary>
/// Which themes to list: those with days from <paramref name="From"/> to <paramref name="To"/> (inclusive; null for no
/// bound), at most <paramref name="Max"/>, binned by <paramref name="By"/>; with <paramref name="Theme"/>, only that
/// one, with its passage of each day (<see cref="JournalTheme.Passages"/>).
/// </summary>
public sealed record ThemeQuery(DateOnly? From = null, DateOnly? To = null, int? Max = null, TimelineBy By = TimelineBy.Month, int? Theme = null);

/// <summary>One theme.</summary>
/// <param name="Id">The theme's number in its fit (stable while the journal grows by less than <see cref="ThemesQuery.RefitShare"/>).</param>
/// <param name="Label">Its three most distinctive words, joined by ", ".</param>
/// <param name="Terms">Its most distinctive words (<see cref="ThemeLabels"/>), best first.</param>
/// <param name="Days">Every day of the period with a passage in it, in date order (never empty).</param>
/// <param name="Bins">The period's months or weeks; <see cref="TimelineBin.Matches"/> counts the theme's days.</param>
/// <param name="Example">Its most central passage in the period (nearest the theme's centroid).</param>
/// <param name="Passages">When one theme was asked for (<see cref="ThemeQuery.Theme"/>): per day, newest first, the theme's passage or sentence window of that day nearest its centroid; else null.</param>
/// <param name="Trend">Where it stands as of the journal's last dated day, judged on all its days (<see cref="ThemeTrends"/>).</param>
public sealed record JournalTheme(int Id, string Label, IReadOnlyList<string> Terms, IReadOnlyList<DateOnly> Days,
    IReadOnlyList<TimelineBin> Bins, SearchResult Example, IReadOnlyList<SearchResult>? Passages = null, ThemeTrend Trend = ThemeTrend.Steady)
{
    /// <summary>The theme's first day in the period.</summary>
    public DateOnly First => Days[0];

    /// <summary>Its last day in the period.</summary>
    public DateOnly Last => Days[^1];
}

/// <summary>What <see cref="ThemesQuery.Themes"/> found: themes, most days first, binned by <paramref name="By"/>.</summary>
public sealed record JournalThemes(IReadOnlyList<JournalTheme> Themes, TimelineBy By);
