using JournalLsp.Core.Search;
using JournalLsp.Indexing;

namespace JournalLsp.Indexing.Tests;

/// <summary>Themes of two real years of Samuel Pepys's diary (1661 and 1666), and of a journal that grows by a day.</summary>
[Collection(nameof(PepysCollection))]
public class ThemesEndToEndTests(PepysFixture pepys)
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_theme_is_named_by_the_fire_and_holds_the_days_it_burned()
    {
        var themes = pepys.Engine.Themes(new ThemeQuery());
        var fire = Assert.Single(themes.Themes, t => t.Terms.Take(3).Contains("fire"));
        Assert.InRange(fire.Days.Count(d => d >= D("1666-09-02") && d <= D("1666-09-08")), 4, 7);
        Assert.All(themes.Themes, t => Assert.Equal(t.Days.Order(), t.Days)); // every theme's days in date order
        Assert.Equal(themes.Themes.OrderByDescending(t => t.Days.Count).Select(t => t.Id), themes.Themes.Select(t => t.Id));
    }

    [Fact]
    public void A_period_lists_only_the_themes_and_days_in_it_binned_the_same_for_every_theme()
    {
        var september = pepys.Engine.Themes(new ThemeQuery(D("1666-09-01"), D("1666-09-30"), Max: 5));
        Assert.InRange(september.Themes.Count, 1, 5);
        Assert.All(september.Themes, t => Assert.All(t.Days, d => Assert.InRange(d, D("1666-09-01"), D("1666-09-30"))));
        Assert.All(september.Themes, t => Assert.Equal([D("1666-09-01")], t.Bins.Select(b => b.Start)));
        Assert.All(september.Themes, t => Assert.Equal(t.Days.Count, t.Bins.Sum(b => b.Matches)));
        Assert.All(september.Themes, t => Assert.InRange(t.Example.Date!.Value, D("1666-09-01"), D("1666-09-30")));
    }

    [Fact]
    public void A_review_of_the_month_of_the_fire_quotes_only_the_diary_and_looks_back_at_1661()
    {
        var review = pepys.Engine.Review(D("1666-09-01"), D("1666-09-30"));
        Assert.Equal("September 1666", review.Title);
        Assert.Contains(review.Markdown.Split('\n'), l => l.StartsWith("### ") && l.Contains("fire"));
        Assert.Contains("\n- 1661: 30 entries", review.Markdown); // the one earlier year this journal has
        Assert.Equal(3, review.Markdown.Split("## Days unlike any other")[1].Split("\n## ")[0].Split('\n').Count(l => l.StartsWith("- [1666-09-")));
        // Extractive: every quotation is the diary's own words, from a day of the month.
        static string Flat(string s) => string.Join(' ', s.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        var month = Flat(string.Join(" ", Directory.GetFiles(Path.Combine(TestData.Pepys, "daily", "1666"), "1666-09-*.md").Select(File.ReadAllText)));
        var quotes = review.Markdown.Split('\n').Where(l => l.StartsWith("> ") && !l.StartsWith("> [")).Select(l => l[2..])
            .Concat(review.Markdown.Split('\n').Where(l => l.StartsWith("- [1666-")).Select(l => l[(l.IndexOf("): ", StringComparison.Ordinal) + 3)..]))
            .Select(q => Flat(q.Trim('…', ' '))).ToList();
        Assert.InRange(quotes.Count, 4, 20);
        Assert.All(quotes, q => Assert.Contains(q, month));
    }

    [Fact]
    public void A_new_day_changes_no_theme_but_the_ones_it_joins()
    {
        using var folder = new TempFolder();
        foreach (var file in new[] { "1666-01-*.md", "1666-02-*.md" }.SelectMany(p => Directory.GetFiles(Path.Combine(TestData.Pepys, "daily", "1666"), p)))
            File.Copy(file, Path.Combine(Directory.CreateDirectory(Path.Combine(folder.Journal, "1666")).FullName, Path.GetFileName(file)));
        // An undated note among the days: in a theme, it gives it no day and breaks nothing.
        File.WriteAllText(Path.Combine(folder.Journal, "ideas.md"), "# Ideas\n\nA play to see, a book to bind, music for the evening, and the fleet to visit at the Nore.\n");
        using var engine = folder.OpenEngine();
        engine.Index();
        var before = engine.Themes(new ThemeQuery()).Themes.ToDictionary(t => t.Id, t => t.Days);

        File.Copy(Path.Combine(TestData.Pepys, "daily", "1666", "1666-03-01.md"), Path.Combine(folder.Journal, "1666", "1666-03-01.md"));
        engine.Index();
        var after = engine.Themes(new ThemeQuery()).Themes.ToDictionary(t => t.Id, t => t.Days);

        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(after, t => Assert.Equal(before[t.Key], t.Value.Where(d => d != D("1666-03-01"))));
        Assert.Contains(after.Values, days => days.Contains(D("1666-03-01")));

        // A review saved into the journal quotes it, and is no entry of it: the count stays, no theme moves.
        var entries = engine.Status().Entries;
        File.WriteAllText(Path.Combine(folder.Journal, "Review January 1666.md"), engine.Review(D("1666-01-01"), D("1666-01-31")).Markdown);
        engine.Index();
        Assert.Equal(entries, engine.Status().Entries);
        Assert.Equal(after.OrderBy(t => t.Key).Select(t => t.Value), engine.Themes(new ThemeQuery()).Themes.OrderBy(t => t.Id).Select(t => t.Days));
    }
}
