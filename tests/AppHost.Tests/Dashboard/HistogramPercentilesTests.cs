using Platform.AppHost.Dashboard.Metrics;

namespace Platform.AppHost.Tests.Dashboard;

public sealed class HistogramPercentilesTests
{
    private static readonly double[] Bounds = [10, 20, 50, 100];

    [Theory]
    [InlineData(0.50, 16)] // rank 5 of 10: 2 lie below 10, so 3 of the 5 in (10, 20]: 10 + 10 * 3/5.
    [InlineData(0.20, 10)] // rank 2: the top of the first bucket.
    [InlineData(0.80, 35)] // rank 8: 7 lie below 20, so 1 of the 2 in (20, 50]: 20 + 30 * 1/2.
    [InlineData(0.10, 5)]  // rank 1: halfway through [0, 10].
    public void A_percentile_is_interpolated_inside_the_bucket_its_rank_falls_in(double quantile, double expected)
    {
        ulong[] counts = [2, 5, 2, 1, 0];

        Assert.Equal(expected, HistogramPercentiles.Quantile(Bounds, counts, quantile)!.Value, 6);
    }

    [Fact]
    public void A_rank_above_the_highest_bound_answers_that_bound_and_an_empty_histogram_answers_nothing()
    {
        Assert.Equal(100, HistogramPercentiles.Quantile(Bounds, [0, 0, 0, 1, 3], 0.99));
        Assert.Null(HistogramPercentiles.Quantile(Bounds, [0, 0, 0, 0, 0], 0.5));
        Assert.Throws<ArgumentException>(() => HistogramPercentiles.Quantile(Bounds, [1, 2], 0.5));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, 0)]
    [InlineData(10.01, 1)]
    [InlineData(100, 3)]
    [InlineData(1000, 4)]
    public void A_value_belongs_to_the_first_bucket_whose_upper_bound_it_does_not_exceed(double value, int bucket)
    {
        Assert.Equal(bucket, HistogramPercentiles.BucketOf(Bounds, value));
    }
}
