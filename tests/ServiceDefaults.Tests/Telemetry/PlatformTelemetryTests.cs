using System.Diagnostics.Metrics;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.ServiceDefaults.Tests.Telemetry;

public sealed class PlatformTelemetryTests
{
    [Fact]
    public void LatencyHistogramsAreInMillisecondsWithTheSharedBucketsAsAdvice()
    {
        using var meter = new Meter("Platform.ServiceDefaults.Tests.Latency");

        var histogram = meter.CreateLatencyHistogram("platform.test.latency", "A test latency.");

        Assert.Equal("ms", histogram.Unit);
        Assert.Equal(PlatformTelemetry.LatencyBuckets, histogram.Advice?.HistogramBucketBoundaries);
    }

    [Fact]
    public void LatencyBucketsStepByAtMostTwoThirdsFromOneMillisecondToTenSecondsSoAPercentileWithinOneBucketIsMeaningful()
    {
        var buckets = PlatformTelemetry.LatencyBuckets;

        Assert.Equal(buckets.Order(), buckets);
        Assert.True(buckets[0] <= 1 && buckets[^1] >= 60_000, $"{buckets[0]}..{buckets[^1]} ms");
        var steps = buckets.Zip(buckets.Skip(1), (lower, upper) => (lower, upper)).ToList();
        Assert.All(steps.Where(s => s.lower >= 1 && s.upper <= 10_000), s => Assert.True(s.upper / s.lower <= 1.67, $"{s.lower} -> {s.upper}"));
        Assert.All(steps, s => Assert.True(s.upper / s.lower <= 2, $"{s.lower} -> {s.upper}"));
    }
}
