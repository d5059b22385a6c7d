using JournalLsp.Core.Journal;
using JournalLsp.Core.Search;

namespace JournalLsp.Indexing;

/// <summary>
/// A review of a period (<see cref="ReviewDocument"/>): the period's themes (<see cref="ThemesQuery"/>) with their
/// days and most central passage, the days most unlike any other, and how the same span of each earlier year held
/// those themes.
/// </summary>
public static class ReviewQuery
{
    /// <summary>How many themes a review lists: the 6 with the most days in the period.</summary>
    public const int Themes = 6;

    /// <summary>How many of the period's days most unlike any other it lists: 3.</summary>
    public const int Unusual = 3;

    /// <summary>
    /// The review of <paramref name="from"/> to <paramref name="to"/> (inclusive), as a title and a Markdown document.
    /// A day's unlikeness is its best dense score against any other day outside ±3 days (<see cref="SimilarDays"/>):
    /// the lower, the more unlike (a few ms a day: a year costs about 2 s on the diary). Memoised per snapshot.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="to"/> is before <paramref name="from"/>.</exception>
    public static JournalReview Review(JournalSnapshot snapshot, ThemeAssignment assigned, DateOnly from, DateOnly to)
    {
        if (to < from) throw new ArgumentException($"the review's end {to:yyyy-MM-dd} is before its start {from:yyyy-MM-dd}");
        return snapshot.Memo(("review", assigned.Fit, from, to), s =>
        {
            var corpus = s.Corpus;
            var inPeriod = Enumerable.Range(0, corpus.Entries.Count)
                .Where(e => corpus.Entries[e].Date is { } d && d >= from && d <= to && corpus.ChunksOf(e).Count > 0).ToList();
            if (inPeriod.Count == 0) return new JournalReview(ReviewDocument.Title(from, to), ReviewDocument.Markdown(from, to, 0, [], [], []));
            var themes = ThemesQuery.Themes(s, assigned, new ThemeQuery(from, to, Themes));
            var reviewThemes = themes.Themes.Select(t => new ReviewTheme(t.Label,
                [.. ThemesQuery.Themes(s, assigned, new ThemeQuery(from, to, Theme: t.Id)).Themes.Single().Passages!
                    .OrderBy(p => p.Date).Select(Passage)], Passage(t.Example))).ToList();
            var unusual = inPeriod
                .Select(e => (Entry: e, Best: SimilarDays.DenseScores(corpus, e, new SimilarQuery().NeighbourDays) is { Count: > 0 } scores
                    ? scores.Max(h => h.Score) : float.PositiveInfinity))
                .Where(x => float.IsFinite(x.Best)).OrderBy(x => x.Best).ThenBy(x => x.Entry).Take(Unusual)
                .Select(x => new EntryHit(x.Entry, corpus.ChunksOf(x.Entry)[0], x.Best)).ToList();
            var earliest = corpus.Entries.Select(e => e.Date).Min();
            var earlier = new List<ReviewYear>();
            // Whole years back, as many as the period spans at least, so an earlier span never overlaps it.
            for (var back = to.Year - from.Year + 1; earliest is { } first && from.AddYears(-back) >= new DateOnly(first.Year, 1, 1); back++)
            {
                var (start, end) = (from.AddYears(-back), to.AddYears(-back));
                var entries = corpus.Entries.Count(e => e.Date is { } d && d >= start && d <= end);
                if (entries == 0) continue; // a year the journal skipped
                var held = assigned.Days(corpus, start, end); // counted from the assignment: no texts read per year
                earlier.Add(new ReviewYear(start.Year, [.. themes.Themes.Select(t => (t.Label, held[t.Id].Count))], entries));
            }
            var markdown = ReviewDocument.Markdown(from, to, inPeriod.Count, reviewThemes,
                [.. s.Results(unusual, snippetChars: ReviewDocument.QuoteChars + 40).Select(Passage)], earlier);
            return new JournalReview(ReviewDocument.Title(from, to), markdown);
        });
    }

    private static ReviewPassage Passage(SearchResult r) => new(r.Date ?? DateOnly.MinValue, r.Path, r.StartLine, r.Snippet);
}

/// <summary>A review of a period: its title ("September 1665") and the Markdown document (<see cref="ReviewDocument"/>).</summary>
public sealed record JournalReview(string Title, string Markdown);
