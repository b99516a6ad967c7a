using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.AppHost.Tests.Platform;

/// <summary>
/// What the Aspire dashboard's Metrics page shows of the Gateway's TTFT histogram, read in chromium. Aspire 13.6 shows
/// P50, P90 and P99 (no P95), each the upper bound of the bucket the percentile falls in.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MetricsTests(AspirePlatform platform)
{
    private const int Turns = 20;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheMetricsPageShowsTheGatewaysTtftPercentilesWithinOneBucketOfWhatEachTurnReportedOverTwentyTurns()
    {
        var timings = new List<(double Client, double Gateway)>();
        var conversation = await CreateConversationAsync();
        for (var turn = 0; turn < Turns; turn++)
        {
            timings.Add(await TextTurnTtftAsync(conversation, $"Tell me a story about a cat, part {turn + 1}."));
        }

        var shown = await DashboardPercentilesAsync();

        // The Gateway's own figure (each turn's turn.completed timings.ttftMs) is what the histogram records; the
        // client's adds its connection and the stream's way back, which on a loaded machine is more than a bucket.
        var quantiles = new[] { 0.50, 0.90, 0.99 };
        var gateway = quantiles.Select(q => NearestRank([.. timings.Select(t => t.Gateway)], q)).ToList();
        var client = quantiles.Select(q => NearestRank([.. timings.Select(t => t.Client)], q)).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Turns} turns, TTFT (ms) p50/p90/p99 as the Gateway reported them {Join(gateway)}, as the client measured them {Join(client)}; dashboard P50/P90/P99 {string.Join(" / ", shown)}");
        for (var i = 0; i < quantiles.Length; i++)
        {
            Assert.True(Math.Abs(Bucket(shown[i]) - Bucket(gateway[i])) <= 1,
                $"P{quantiles[i] * 100}: the dashboard shows {shown[i]} ms, the turns reported {gateway[i]:0.0} ms, more than one bucket apart");
        }
    }

    private static string Join(IEnumerable<double> values) => string.Join(" / ", values.Select(v => v.ToString("0", CultureInfo.InvariantCulture)));

    /// <summary>
    /// P50, P90 and P99 of the text turns in the table's newest row, once its count says it holds all of them. The table's
    /// rows are 12-minute windows (over the last 6 hours) ending when the page loaded, so each load looks again.
    /// </summary>
    private async Task<List<double>> DashboardPercentilesAsync()
    {
        var clock = Stopwatch.StartNew();
        var counts = new List<string>();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            var page = await platform.Browser.OpenAsync("/metrics/resource/gateway?meter=Platform.Gateway&instrument=platform.turn.ttft&duration=360&view=Table");
            try
            {
                // Clicking a value of a dimension keeps only that value: text turns, not the voice turns of other tests.
                // On a loaded machine the click can come before the page handles it; the page is then loaded again.
                await page.Locator("button.filter-value-tag", new() { HasTextString = "false" }).ClickAsync();
                if (!await OnlyIncludedAsync(page, "false"))
                {
                    counts.Add("filter not applied");
                    continue;
                }

                await page.GetByText("Show count").ClickAsync();
                await page.Locator("#metric-table-container").WaitForAsync();
                counts.Add(await LastRowCells(page).CountAsync() == 1 ? await LastRowCells(page).InnerTextAsync() : "no row");
                if (counts[^1] == Turns.ToString(CultureInfo.InvariantCulture))
                {
                    await page.GetByText("Show count").ClickAsync();
                    await Assertions.Expect(LastRowCells(page)).ToHaveCountAsync(3);
                    return [.. (await LastRowCells(page).AllInnerTextsAsync()).Select(text => double.Parse(text, CultureInfo.InvariantCulture))];
                }
            }
            finally
            {
                await page.CloseAsync();
            }
        }

        throw new TimeoutException($"The Metrics page's newest row never counted {Turns} text turns; it counted {string.Join(", ", counts)}.");
    }

    /// <summary>Whether the dimension's filter keeps only <paramref name="value"/>, once the page has had 5 s to apply the click.</summary>
    private static async Task<bool> OnlyIncludedAsync(IPage page, string value)
    {
        try
        {
            await Assertions.Expect(page.Locator("button.filter-value-tag.included-in-filters")).ToHaveTextAsync([value]);
            return true;
        }
        catch (PlaywrightException)
        {
            return false;
        }
    }

    /// <summary>The values of the table's newest row: its percentiles, or its count (each cell also holds an icon saying how it changed).</summary>
    private static ILocator LastRowCells(IPage page) =>
        page.Locator("#metric-table-container tbody tr[aria-rowindex]").Last.Locator("td:not([col-index='1']) > span");

    /// <summary>The index of the histogram bucket a value falls in: the first whose upper bound is at least the value.</summary>
    private static int Bucket(double milliseconds)
    {
        var bounds = PlatformTelemetry.LatencyBuckets;
        var index = bounds.ToList().FindIndex(bound => milliseconds <= bound);
        return index < 0 ? bounds.Count : index;
    }

    private static double NearestRank(List<double> values, double quantile) =>
        values.Order().ElementAt((int)Math.Ceiling(quantile * values.Count) - 1);

    private async Task<string> CreateConversationAsync()
    {
        using var client = platform.GatewayClient();
        using var created = await client.PostAsJsonAsync("/api/conversations", new { }, Token);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Milliseconds from sending the message to reading the reply's first token event, as a client sees it, and the
    /// TTFT the Gateway reported in <c>turn.completed</c>; reads the stream to its end.
    /// </summary>
    private async Task<(double Client, double Gateway)> TextTurnTtftAsync(string conversation, string content)
    {
        using var client = platform.GatewayClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversation}/turns") { Content = JsonContent.Create(new { content }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Token));
        double? ttft = null;
        double? reported = null;
        var completed = false;
        while (await reader.ReadLineAsync(Token) is { } line)
        {
            ttft ??= line == "event: token" ? clock.Elapsed.TotalMilliseconds : null;
            if (completed && reported is null && line.StartsWith("data: ", StringComparison.Ordinal))
            {
                reported = JsonDocument.Parse(line["data: ".Length..]).RootElement.GetProperty("timings").GetProperty("ttftMs").GetDouble();
            }

            completed |= line == "event: turn.completed";
        }

        Assert.True(completed, $"turn {content} did not complete");
        return (ttft ?? throw new InvalidOperationException($"turn {content} streamed no token"),
            reported ?? throw new InvalidOperationException($"turn {content} reported no TTFT"));
    }
}
