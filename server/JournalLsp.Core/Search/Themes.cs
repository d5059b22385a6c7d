using System.Numerics.Tensors;

namespace JournalLsp.Core.Search;

/// <summary>How passages are grouped into themes (<see cref="Themes.Find"/>).</summary>
public enum ThemeMethod
{
    /// <summary>Spherical k-means straight to the number of themes (<see cref="ThemeClustering"/>).</summary>
    KMeans,

    /// <summary>
    /// Spherical k-means to <see cref="Themes.MicroClusters"/> small groups, then the two groups whose centroids are
    /// nearest merged, again and again, down to the number of themes (agglomerative, centroid linkage).
    /// </summary>
    Agglomerative,
}

/// <summary>
/// Themes: what a journal keeps coming back to, found from its passages' vectors alone. Each passage (minus the
/// journal's mean direction, <see cref="SearchCorpus.Centering"/>: "up, and to the office" is in every day) joins one
/// theme; a theme is the set of days with a passage in it. Pure functions over data.
/// </summary>
public static class Themes
{
    /// <summary>
    /// The rule for how many themes a journal has (<see cref="Count"/>): k = √(units / 6.5), so a journal's themes
    /// grow slower than it does: the diary's 42,388 sentence windows give 81. Chosen on the storylines' dev split
    /// (k of 17 to 150 tried; docs/quality.md, "Themes").
    /// </summary>
    public const double UnitsPerThemeSquared = 6.5;

    /// <summary>The fewest themes a journal with passages has: 4.</summary>
    public const int MinCount = 4;

    /// <summary>The most: 100.</summary>
    public const int MaxCount = 100;

    /// <summary>
    /// How themes are found: <see cref="ThemeMethod.Agglomerative"/>, the better of the two on the storylines' dev
    /// split (k = 80: 3 of 15 storylines at F1 ≥ 0.5 and a mean best F1 of 0.238, against 2 and 0.219 for k-means).
    /// </summary>
    public const ThemeMethod Method = ThemeMethod.Agglomerative;

    /// <summary>How many small groups <see cref="ThemeMethod.Agglomerative"/> starts from: 200.</summary>
    public const int MicroClusters = 200;

    /// <summary>
    /// Rounds of k-means for the small groups: 10. They are merged after, so they need not settle: on the storylines'
    /// dev split 10 rounds gave 3 of 15 storylines and a mean best F1 of 0.234 (25 rounds: 3 and 0.240; 5: 2 and
    /// 0.225), and the diary's themes in 4.1 s instead of 5.2 (2 cores).
    /// </summary>
    public const int MicroIterations = 10;

    /// <summary>The seed of k-means++: fixed, so the same journal gives the same themes.</summary>
    public const int Seed = 20260606;

    /// <summary>How many themes a journal of <paramref name="units"/> units (<see cref="Units"/>) has: √(units / <see cref="UnitsPerThemeSquared"/>), between <see cref="MinCount"/> and <see cref="MaxCount"/> (never more than the units).</summary>
    public static int Count(int units) =>
        Math.Min(units, Math.Clamp((int)Math.Round(Math.Sqrt(units / UnitsPerThemeSquared)), MinCount, MaxCount));

    /// <summary>
    /// What themes are found from: every sentence window of <paramref name="corpus"/> (a few sentences: one moment of a
    /// day, where a passage of ~140 tokens mixes several), and the passages of entries too short to have windows. Each
    /// unit as (is it a window, its index into <see cref="SearchCorpus.Windows"/> or <see cref="SearchCorpus.Chunks"/>,
    /// its entry), entries in order.
    /// </summary>
    public static IReadOnlyList<ThemeUnit> Units(SearchCorpus corpus, bool windows = true)
    {
        var units = new List<ThemeUnit>();
        for (var e = 0; e < corpus.Entries.Count; e++)
        {
            var ofEntry = windows ? corpus.WindowsOf(e) : [];
            if (ofEntry.Count > 0) units.AddRange(ofEntry.Select(w => new ThemeUnit(true, w, e)));
            else units.AddRange(corpus.ChunksOf(e).Select(c => new ThemeUnit(false, c, e)));
        }
        return units;
    }

    /// <summary>
    /// The <paramref name="units"/>' vectors minus <paramref name="mean"/> (their own mean when null), unit length:
    /// float[units × d], row-major (the mean direction is what every day shares, "up, and to the office"; 65 MB for the
    /// diary's 42,388 windows), and the mean used (float[d]). Themes kept for a grown journal pass the mean they were
    /// found with, so no old unit moves because new ones shifted the mean.
    /// </summary>
    public static (float[] Rows, float[] Mean) CentredRows(SearchCorpus corpus, IReadOnlyList<ThemeUnit> units, float[]? mean = null)
    {
        var d = corpus.Dimensions;
        var rows = new float[units.Count * d];
        Parallel.For(0, units.Count, u =>
        {
            var unit = units[u];
            (unit.Window ? corpus.WindowVectors : corpus.Vectors).Decode(unit.Index).CopyTo(rows.AsSpan(u * d, d));
        });
        if (mean is null)
        {
            mean = new float[d];
            for (var u = 0; u < units.Count; u++) TensorPrimitives.Add(mean, rows.AsSpan(u * d, d), mean);
            if (units.Count > 0) TensorPrimitives.Divide(mean, units.Count, mean);
        }
        var by = mean;
        Parallel.For(0, units.Count, u =>
        {
            var row = rows.AsSpan(u * d, d);
            TensorPrimitives.Subtract(row, by, row);
            var length = TensorPrimitives.Norm(row);
            if (length > 0) TensorPrimitives.Divide(row, length, row);
        });
        return (rows, mean);
    }

    /// <summary>
    /// Groups <paramref name="rows"/> (float[n × <paramref name="dimensions"/>], unit) into <paramref name="k"/> themes
    /// by <paramref name="method"/>: each row's theme (0 to k − 1) and the themes' unit centroids (float[k × d]).
    /// Deterministic.
    /// </summary>
    public static (int[] Assignment, float[] Centroids) Find(float[] rows, int dimensions, int k, ThemeMethod method = Method)
    {
        if (method == ThemeMethod.KMeans || rows.Length / dimensions <= MicroClusters)
            return ThemeClustering.Cluster(rows, dimensions, k, Seed);
        var (micro, microCentroids) = ThemeClustering.Cluster(rows, dimensions, MicroClusters, Seed, MicroIterations);
        var sizes = new int[MicroClusters];
        foreach (var m in micro) sizes[m]++;
        var merged = Merge(microCentroids, sizes, dimensions, k);
        var assignment = micro.Select(m => merged.Group[m]).ToArray();
        return (assignment, merged.Centroids);
    }

    // Centroid linkage over weighted centroids: the pair of groups whose centroids have the highest cosine merge (sum
    // of their members), until k groups are left; groups renumbered 0..k-1 by their lowest micro-cluster.
    private static (int[] Group, float[] Centroids) Merge(float[] centroids, int[] sizes, int d, int k)
    {
        var m = sizes.Length;
        var sums = new float[m * d];
        for (var i = 0; i < m; i++)
            TensorPrimitives.Multiply(centroids.AsSpan(i * d, d), sizes[i], sums.AsSpan(i * d, d));
        var alive = Enumerable.Range(0, m).Where(i => sizes[i] > 0).ToList();
        var owner = Enumerable.Range(0, m).ToArray();
        float Cosine(int a, int b)
        {
            ReadOnlySpan<float> x = sums.AsSpan(a * d, d), y = sums.AsSpan(b * d, d);
            var norms = TensorPrimitives.Norm(x) * TensorPrimitives.Norm(y);
            return norms > 0 ? TensorPrimitives.Dot(x, y) / norms : -1;
        }
        var similarity = new float[m * m]; // kept up to date for live groups: one row and column again per merge
        foreach (var a in alive) foreach (var b in alive) if (a < b) similarity[a * m + b] = similarity[b * m + a] = Cosine(a, b);
        while (alive.Count > k)
        {
            var (bestA, bestB, best) = (0, 1, float.NegativeInfinity);
            for (var i = 0; i < alive.Count; i++)
                for (var j = i + 1; j < alive.Count; j++)
                {
                    var score = similarity[alive[i] * m + alive[j]];
                    if (score > best) (bestA, bestB, best) = (i, j, score);
                }
            var (keep, gone) = (alive[bestA], alive[bestB]);
            TensorPrimitives.Add(sums.AsSpan(keep * d, d), sums.AsSpan(gone * d, d), sums.AsSpan(keep * d, d));
            for (var i = 0; i < m; i++) if (owner[i] == gone) owner[i] = keep;
            alive.RemoveAt(bestB);
            foreach (var other in alive) if (other != keep) similarity[keep * m + other] = similarity[other * m + keep] = Cosine(keep, other);
        }
        var number = alive.Select((g, i) => (g, i)).ToDictionary(x => x.g, x => x.i);
        var result = new float[alive.Count * d];
        for (var i = 0; i < alive.Count; i++)
        {
            var sum = sums.AsSpan(alive[i] * d, d);
            var length = TensorPrimitives.Norm(sum);
            if (length > 0) TensorPrimitives.Divide(sum, length, result.AsSpan(i * d, d));
        }
        return ([.. owner.Select(o => number.GetValueOrDefault(o))], result);
    }

    /// <summary>
    /// The days of each theme: for theme t, every distinct date from <paramref name="from"/> to <paramref name="to"/>
    /// (inclusive; null for no bound) of an entry with a unit assigned to t (<paramref name="assignment"/>, one theme per
    /// unit of <paramref name="units"/>), in date order; undated notes have none.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<DateOnly>> Days(SearchCorpus corpus, IReadOnlyList<ThemeUnit> units, int[] assignment, int themes,
        DateOnly? from = null, DateOnly? to = null)
    {
        var days = Enumerable.Range(0, themes).Select(_ => new SortedSet<DateOnly>()).ToArray();
        for (var u = 0; u < assignment.Length; u++)
            if (corpus.Entries[units[u].Entry].Date is { } date && assignment[u] >= 0 && !(date < from) && !(date > to))
                days[assignment[u]].Add(date);
        return [.. days.Select(d => (IReadOnlyList<DateOnly>)[.. d])];
    }

    /// <summary>
    /// F1 of a found set of days against a reader's (the harmonic mean of precision and recall of
    /// <paramref name="found"/> against <paramref name="expected"/>); 0 when either is empty.
    /// </summary>
    public static double F1(IReadOnlyCollection<DateOnly> found, IReadOnlySet<DateOnly> expected)
    {
        if (found.Count == 0 || expected.Count == 0) return 0;
        var both = found.Count(expected.Contains);
        return both == 0 ? 0 : 2.0 * both / (found.Count + expected.Count);
    }
}

/// <summary>One unit themes are found from: a sentence window (<paramref name="Window"/>) or a passage, by its index, of entry <paramref name="Entry"/>.</summary>
public readonly record struct ThemeUnit(bool Window, int Index, int Entry);

