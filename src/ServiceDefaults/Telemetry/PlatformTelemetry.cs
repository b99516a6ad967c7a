using System.Diagnostics.Metrics;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>Names and conventions shared by every service's instrumentation.</summary>
public static class PlatformTelemetry
{
    /// <summary>Every ActivitySource and Meter of the project starts with this, so one wildcard subscribes them all.</summary>
    public const string SourcePrefix = "Platform.";

    /// <summary>MassTransit's own activity source: its send, receive and consume spans carry a job across the bus.</summary>
    public const string MassTransitSourceName = "MassTransit";

    /// <summary>
    /// Bucket boundaries, in milliseconds, of every latency histogram: a 1-1.5-2-3-5-7.5 series (steps of at most
    /// 1.67x) from 1 ms to 10 s, then 2x up to a minute. A percentile computed from a histogram is only known to within
    /// one bucket, so the buckets are fine enough that "p95 is between 200 and 300 ms" still says something.
    /// </summary>
    public static IReadOnlyList<double> LatencyBuckets { get; } =
    [
        0.5, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000,
        1500, 2000, 3000, 5000, 7500, 10000, 20000, 30000, 60000,
    ];

    /// <summary>A latency histogram in milliseconds with the platform's <see cref="LatencyBuckets"/> as its advice.</summary>
    public static Histogram<double> CreateLatencyHistogram(this Meter meter, string name, string description)
    {
        ArgumentNullException.ThrowIfNull(meter);
        return meter.CreateHistogram(name, "ms", description, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
    }
}
