namespace Platform.Load.Results;

internal static class Percentiles
{
    /// <summary>Nearest-rank percentile of values already sorted ascending; NaN when there are none.</summary>
    public static double Of(IReadOnlyList<double> sorted, double percentile) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
