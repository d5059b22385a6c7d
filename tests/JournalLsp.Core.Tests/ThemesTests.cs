using JournalLsp.Core.Search;

namespace JournalLsp.Core.Tests;

/// <summary>Themes' pure parts: spherical k-means and the agglomerative merge, the theme count, labels by class-based TF-IDF, F1.</summary>
public class ThemesTests
{
    // `groups` directions in `d` dimensions, `each` noisy unit rows around each, interleaved (row i is group i % groups).
    private static float[] Groups(int groups, int each, int d, float noise, int seed = 1)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, groups).Select(_ => Unit([.. Enumerable.Range(0, d).Select(_ => (float)random.NextDouble() * 2 - 1)])).ToArray();
        var rows = new float[groups * each * d];
        for (var i = 0; i < groups * each; i++)
        {
            var v = Unit([.. centres[i % groups].Select(x => x + noise * ((float)random.NextDouble() * 2 - 1))]);
            v.CopyTo(rows, i * d);
        }
        return rows;
    }

    private static float[] Unit(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return [.. v.Select(x => x / norm)];
    }

    // Whether two assignments make the same partition (cluster numbers aside).
    private static bool SamePartition(int[] a, int[] b) =>
        a.Zip(b).Distinct().Count() == a.Distinct().Count() && a.Distinct().Count() == b.Distinct().Count();

    [Theory]
    [InlineData(ThemeMethod.KMeans, 3, 20)]
    [InlineData(ThemeMethod.KMeans, 4, 20)]
    [InlineData(ThemeMethod.Agglomerative, 3, 100)] // 300 rows: more than the 200 small groups it starts from
    [InlineData(ThemeMethod.Agglomerative, 4, 60)]
    public void Well_separated_groups_are_found_whole(ThemeMethod method, int groups, int each)
    {
        const int d = 16;
        var rows = Groups(groups, each, d, noise: 0.15f);
        var (assignment, centroids) = Themes.Find(rows, d, groups, method);
        Assert.True(SamePartition(assignment, [.. Enumerable.Range(0, groups * each).Select(i => i % groups)]));
        Assert.Equal(groups * d, centroids.Length);
    }

    [Fact]
    public void The_same_rows_give_the_same_themes_every_time()
    {
        var rows = Groups(6, 50, 32, noise: 0.8f); // overlapping groups: where k-means could wander, a seed keeps it still
        var first = Themes.Find(rows, 32, 6);
        var second = Themes.Find(rows, 32, 6);
        Assert.Equal(first.Assignment, second.Assignment);
        Assert.Equal(first.Centroids, second.Centroids);
    }

    [Fact]
    public void A_new_row_joins_the_theme_whose_centroid_is_nearest()
    {
        const int d = 8;
        var (assignment, centroids) = ThemeClustering.Cluster(Groups(3, 10, d, 0.1f), d, 3);
        var near = Groups(3, 10, d, 0.1f).AsSpan(d, d).ToArray(); // a copy of row 1
        Assert.Equal([assignment[1]], ThemeClustering.Nearest(near, centroids, d));
    }

    [Fact]
    public void Fewer_rows_than_themes_give_a_theme_per_row()
    {
        var rows = Groups(2, 1, 8, 0f);
        var (assignment, centroids) = ThemeClustering.Cluster(rows, 8, 5);
        Assert.Equal([0, 1], assignment.Order());
        Assert.Equal(2 * 8, centroids.Length);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 3)]          // never more themes than units
    [InlineData(100, 4)]        // √(100 / 6.5) = 3.9, at least 4
    [InlineData(42_388, 81)]    // the diary's sentence windows
    [InlineData(1_000_000, 100)]
    public void The_number_of_themes_grows_with_the_square_root_of_the_units(int units, int themes) =>
        Assert.Equal(themes, Themes.Count(units));

    [Fact]
    public void A_label_holds_the_words_that_set_its_theme_apart_not_the_words_every_theme_has()
    {
        string[] theatre = ["To the King's playhouse and saw the play, the actors very good.", "At the play, and the actors did well, and so home to dinner.", "Saw a new play at the Duke's house; the actors poor, and so home to dinner."];
        string[] office = ["Up and to the office, where we sat all the morning, and so home to dinner.", "At the office all the morning, and home to dinner with my wife.", "To the office, and there sat late, then home to dinner."];
        string[] once = ["Pembleton the dancing master came, and so home to dinner."];
        var labels = ThemeLabels.Terms([theatre, office, once]);
        Assert.Equal(["actors", "play"], labels[0].Take(2).Order());  // "dinner", in every theme, weighs little; shown as written
        Assert.Equal("office", labels[1][0]);
        Assert.DoesNotContain("the", labels.SelectMany(l => l)); // a function word never labels
        Assert.Contains("pembleton", labels[2]);                 // a theme of one passage may be named by it
        Assert.DoesNotContain("pembleton", labels[0]);
    }

    [Theory]
    [InlineData("1,2,3", "1,2,3", 1.0)]
    [InlineData("1,2", "1,2,3,4", 0.667)] // precision 1, recall 0.5
    [InlineData("5,6", "1,2", 0.0)]
    [InlineData("", "1,2", 0.0)]
    public void F1_is_the_harmonic_mean_of_precision_and_recall_of_days(string found, string expected, double f1)
    {
        static DateOnly[] Days(string s) => [.. s.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => new DateOnly(2020, 1, int.Parse(d)))];
        Assert.Equal(f1, Themes.F1(Days(found), Days(expected).ToHashSet()), 3);
    }
}

/// <summary>Where a theme stands as of the journal's last day: this month, stopped, new or steady.</summary>
public class ThemeTrendTests
{
    // Days as offsets before "now" (2024-06-20), oldest first.
    [Theory]
    [InlineData("400,300,200,100,50,3,2,1", "ThisMonth")]             // three days this month, one a season before
    [InlineData("400,300,200,100,50,3", "Steady")]                    // one day this month is not what it was about
    [InlineData("95,90,85,80,75,70,65,60,55,50,45,40,35,30,25,19,10,5", "Steady")] // this month as usual: no more than the others
    [InlineData("400,380,360,340,320,300,280,260,240,220", "Stopped")] // ten days over 180, none in the last 90
    [InlineData("400,380,360,340,320,300,280,260,240", "Steady")]     // nine days: not yet a habit that stopped
    [InlineData("200,190,180,170,160,150,140,130,120,110", "Stopped")]
    [InlineData("150,148,146,144,142,140,138,136,134,130", "Steady")] // twenty days apart: too short to have stopped
    [InlineData("60,40,25", "New")]                                   // first written about within 90 days
    [InlineData("60,4,3,2", "New")]                                   // new wins over this month
    [InlineData("60,40", "Steady")]                                   // two days are not yet a theme
    [InlineData("100,40", "Steady")]                                  // neither new, stopped nor this month
    public void A_theme_is_judged_against_the_journals_last_day(string offsets, string trend)
    {
        var now = new DateOnly(2024, 6, 20);
        var days = offsets.Split(',').Select(o => now.AddDays(-int.Parse(o))).ToList();
        Assert.Equal(Enum.Parse<ThemeTrend>(trend), ThemeTrends.Of(days, now));
    }

    [Fact]
    public void The_protocol_names_each_trend() =>
        Assert.Equal(["steady", "thisMonth", "stopped", "new"], Enum.GetValues<ThemeTrend>().Select(ThemeTrends.Name));
}
