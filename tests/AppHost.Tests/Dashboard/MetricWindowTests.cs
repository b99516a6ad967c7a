using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.AppHost.Tests.Dashboard;

public sealed class MetricWindowTests
{
    private static readonly double[] Bounds = [10, 20, 50, 100];

    [Fact]
    public async Task A_cumulative_histogram_counts_only_what_was_added_inside_the_window()
    {
        await using var dashboard = await DashboardHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var started = now.AddMinutes(-30);
        // 10 minutes ago: 8 slow measurements; since then 4 fast ones more.
        await ExportAsync(dashboard, started, now.AddMinutes(-10), [0, 0, 0, 8, 0]);
        await ExportAsync(dashboard, started, now.AddSeconds(-5), [4, 0, 0, 8, 0]);

        var lastMinute = await TtftAsync(dashboard, "?window=60");
        var everything = await TtftAsync(dashboard, "?window=0");

        Assert.Equal(4UL, lastMinute.GetProperty("count").GetUInt64());
        Assert.Equal([4UL, 0, 0, 0, 0], lastMinute.GetProperty("bucketCounts").EnumerateArray().Select(count => count.GetUInt64()));
        Assert.True(lastMinute.GetProperty("p99").GetDouble() <= 10);
        Assert.Equal(12UL, everything.GetProperty("count").GetUInt64());
        Assert.InRange(everything.GetProperty("p50").GetDouble(), 50, 100);
    }

    [Fact]
    public async Task A_restarted_service_adds_its_new_run_to_what_its_last_run_counted_in_the_window()
    {
        await using var dashboard = await DashboardHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        await ExportAsync(dashboard, now.AddSeconds(-50), now.AddSeconds(-40), [1, 0, 0, 0, 0]);
        await ExportAsync(dashboard, now.AddSeconds(-50), now.AddSeconds(-30), [3, 0, 0, 0, 0]);
        await ExportAsync(dashboard, now.AddSeconds(-20), now.AddSeconds(-10), [0, 2, 0, 0, 0]);

        var lastMinute = await TtftAsync(dashboard, "?window=60");

        Assert.Equal([3UL, 2, 0, 0, 0], lastMinute.GetProperty("bucketCounts").EnumerateArray().Select(count => count.GetUInt64()));
    }

    [Fact]
    public async Task Delta_histogram_points_are_summed_inside_the_window()
    {
        await using var dashboard = await DashboardHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        await ExportAsync(dashboard, now.AddMinutes(-11), now.AddMinutes(-10), [5, 0, 0, 0, 0], delta: true);
        await ExportAsync(dashboard, now.AddSeconds(-20), now.AddSeconds(-10), [0, 1, 0, 0, 0], delta: true);
        await ExportAsync(dashboard, now.AddSeconds(-10), now, [0, 1, 1, 0, 0], delta: true);

        var lastMinute = await TtftAsync(dashboard, "?window=60");

        Assert.Equal([0UL, 2, 1, 0, 0], lastMinute.GetProperty("bucketCounts").EnumerateArray().Select(count => count.GetUInt64()));
    }

    private static async Task ExportAsync(DashboardHost dashboard, DateTimeOffset started, DateTimeOffset at, ulong[] counts, bool delta = false)
    {
        using var response = await OtlpPayloads.PostAsync(dashboard.Http, "/v1/metrics", OtlpPayloads.Histogram("gateway", "platform.turn.ttft", started, at, Bounds, counts, delta));
        response.EnsureSuccessStatusCode();
    }

    private static async Task<JsonElement> TtftAsync(DashboardHost dashboard, string query)
    {
        var histograms = await dashboard.Http.GetFromJsonAsync<JsonElement>($"/api/metrics/histograms{query}&name=platform.turn.ttft", TestContext.Current.CancellationToken);
        return Assert.Single(histograms.EnumerateArray());
    }
}
