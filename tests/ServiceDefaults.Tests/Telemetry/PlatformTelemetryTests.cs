using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
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

    [Fact]
    public void TheOpenTelemetrySdkExportsALatencyHistogramWithTheAdvisedBucketsSoPercentilesComeFromThem()
    {
        const string MeterName = "Platform.ServiceDefaults.Tests.Export";
        var exported = new List<Metric>();
        using var exporter = new CollectingExporter(exported);
        using var reader = new PeriodicExportingMetricReader(exporter, exportIntervalMilliseconds: int.MaxValue);
        using var meterProvider = Sdk.CreateMeterProviderBuilder().AddMeter(MeterName).AddReader(reader).Build();
        using var meter = new Meter(MeterName);
        var histogram = meter.CreateLatencyHistogram("platform.test.exported", "A test latency.");

        foreach (var value in new[] { 4.0, 12, 12, 180, 2500 })
        {
            histogram.Record(value);
        }

        Assert.True(meterProvider.ForceFlush());
        var metric = Assert.Single(exported, m => m.Name == "platform.test.exported");
        Assert.Equal(MetricType.Histogram, metric.MetricType);
        var buckets = new List<(double Upper, long Count)>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            foreach (var bucket in point.GetHistogramBuckets())
            {
                buckets.Add((bucket.ExplicitBound, bucket.BucketCount));
            }
        }

        Assert.Equal([.. PlatformTelemetry.LatencyBuckets, double.PositiveInfinity], buckets.Select(b => b.Upper));
        Assert.Equal(1, buckets.Single(b => b.Upper == 5).Count);
        Assert.Equal(2, buckets.Single(b => b.Upper == 15).Count);
        Assert.Equal(1, buckets.Single(b => b.Upper == 200).Count);
        Assert.Equal(1, buckets.Single(b => b.Upper == 3000).Count);
    }

    private sealed class CollectingExporter(List<Metric> exported) : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                exported.Add(metric);
            }

            return ExportResult.Success;
        }
    }
}
