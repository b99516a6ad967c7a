using System.Globalization;

namespace Platform.Load.Results;

/// <summary>One measure's distribution: how many values, and p50/p95/p99/max in milliseconds.</summary>
internal sealed record LatencyRow(string Measure, int Count, double P50, double P95, double P99, double Max)
{
    public static LatencyRow Of(string measure, IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return new LatencyRow(measure, sorted.Count, Percentiles.Of(sorted, 50), Percentiles.Of(sorted, 95), Percentiles.Of(sorted, 99), sorted.Count == 0 ? double.NaN : sorted[^1]);
    }

    public string ToMarkdown() => $"| {Measure} | {Count:N0} | {Ms(P50)} | {Ms(P95)} | {Ms(P99)} | {Ms(Max)} |";

    public static string Ms(double value) => double.IsNaN(value) ? "–" : value.ToString(value < 10 ? "0.00" : "0", CultureInfo.InvariantCulture) + " ms";
}
