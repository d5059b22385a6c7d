using System.Numerics.Tensors;

namespace JournalLsp.Core.Search;

/// <summary>
/// Spherical k-means (Dhillon &amp; Modha 2001, "Concept decompositions for large sparse text data using clustering"):
/// unit vectors grouped by cosine to unit centroids, each centroid the normalised mean of its members. Seeded by
/// k-means++ (Arthur &amp; Vassilvitskii 2007) on 1 − cosine with a fixed seed, so the same rows always give the same
/// clusters. One run from those seeds: it can settle with two seeds in one group and one centroid over two (a local
/// optimum), which <see cref="ThemeMethod.Agglomerative"/>, merging 200 small groups, is less exposed to. Pure: rows
/// in, assignments out.
/// </summary>
public static class ThemeClustering
{
    /// <summary>Rounds of assignment and update at most: 25; on the diary's passages fewer than 1% move after about 15.</summary>
    public const int MaxIterations = 25;

    /// <summary>
    /// Groups <paramref name="rows"/> (float[n × <paramref name="dimensions"/>], each row unit length) into at most
    /// <paramref name="k"/> clusters: each row's cluster (0 to k − 1, clusters numbered by their k-means++ seed order)
    /// and the unit centroids (float[k × dimensions]). Fewer rows than k give one cluster per row. Deterministic for a
    /// given <paramref name="seed"/>; O(n·k·d) per round.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="rows"/> is not a whole number of rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="k"/> is below 1.</exception>
    public static (int[] Assignment, float[] Centroids) Cluster(float[] rows, int dimensions, int k, int seed = 1, int iterations = MaxIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (dimensions < 1 || rows.Length % dimensions != 0)
            throw new ArgumentException($"{rows.Length} floats are not rows of {dimensions}", nameof(rows));
        var n = rows.Length / dimensions;
        k = Math.Min(k, n);
        var centroids = Seeds(rows, dimensions, k, seed);
        var assignment = new int[n];
        Array.Fill(assignment, -1);
        for (var round = 0; round < iterations && n > 0; round++)
        {
            var moved = Assign(rows, dimensions, centroids, k, assignment);
            Update(rows, dimensions, centroids, k, assignment);
            if (moved == 0) break;
        }
        return (assignment, centroids);
    }

    /// <summary>
    /// The centroid nearest each row of <paramref name="rows"/> by cosine (float[n × d] unit rows against
    /// <paramref name="centroids"/>, float[k × d]): what a new passage joins without any theme moving.
    /// </summary>
    public static int[] Nearest(float[] rows, float[] centroids, int dimensions)
    {
        var k = centroids.Length / dimensions;
        var assignment = new int[rows.Length / dimensions];
        Array.Fill(assignment, -1);
        Assign(rows, dimensions, centroids, k, assignment);
        return assignment;
    }

    // k-means++: the first seed is a random row; each next one is a row drawn with probability proportional to its
    // distance (1 − cosine) to the nearest seed so far.
    private static float[] Seeds(float[] rows, int d, int k, int seed)
    {
        var n = rows.Length / d;
        var centroids = new float[k * d];
        if (n == 0) return centroids;
        var random = new Random(seed);
        var nearest = new double[n];
        Array.Fill(nearest, double.MaxValue);
        var chosen = random.Next(n);
        for (var c = 0; c < k; c++)
        {
            rows.AsSpan(chosen * d, d).CopyTo(centroids.AsSpan(c * d, d));
            var total = 0.0;
            var centroid = centroids.AsSpan(c * d, d);
            for (var i = 0; i < n; i++)
            {
                var distance = Math.Max(0, 1 - TensorPrimitives.Dot(rows.AsSpan(i * d, d), centroid));
                if (distance < nearest[i]) nearest[i] = distance;
                total += nearest[i];
            }
            if (total <= 0) break; // every row sits on a seed: the rest stay empty
            var target = random.NextDouble() * total;
            chosen = n - 1;
            for (var i = 0; i < n; i++)
            {
                target -= nearest[i];
                if (target < 0) { chosen = i; break; }
            }
        }
        return centroids;
    }

    // Each row to its nearest centroid (the lowest numbered on a tie); how many rows changed cluster.
    private static int Assign(float[] rows, int d, float[] centroids, int k, int[] assignment)
    {
        var n = rows.Length / d;
        var moved = 0;
        Parallel.For(0, n, () => 0, (i, _, count) =>
        {
            var row = rows.AsSpan(i * d, d);
            var (best, bestScore) = (0, float.NegativeInfinity);
            for (var c = 0; c < k; c++)
            {
                var score = TensorPrimitives.Dot(row, centroids.AsSpan(c * d, d));
                if (score > bestScore) (best, bestScore) = (c, score);
            }
            if (assignment[i] == best) return count;
            assignment[i] = best;
            return count + 1;
        }, count => Interlocked.Add(ref moved, count));
        return moved;
    }

    // Each centroid the normalised sum of its rows; an emptied cluster keeps its centroid.
    private static void Update(float[] rows, int d, float[] centroids, int k, int[] assignment)
    {
        var sums = new float[k * d];
        var counts = new int[k];
        for (var i = 0; i < assignment.Length; i++)
        {
            var c = assignment[i];
            TensorPrimitives.Add(sums.AsSpan(c * d, d), rows.AsSpan(i * d, d), sums.AsSpan(c * d, d));
            counts[c]++;
        }
        for (var c = 0; c < k; c++)
        {
            if (counts[c] == 0) continue;
            var sum = sums.AsSpan(c * d, d);
            var length = TensorPrimitives.Norm(sum);
            if (length > 0) TensorPrimitives.Divide(sum, length, centroids.AsSpan(c * d, d));
        }
    }
}
