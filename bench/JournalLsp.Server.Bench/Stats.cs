/// <summary>Summaries of repeated measurements.</summary>
internal static class Stats
{
    /// <summary>The nearest-rank percentile (0-100) of <paramref name="values"/>.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, int percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
