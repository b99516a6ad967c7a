using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Platform.AppHost.Dashboard.Metrics;
using static Microsoft.Playwright.Assertions;

namespace Platform.AppHost.Tests.Dashboard;

/// <summary>The dashboard of a whole running platform, read in chromium as a person reads it.</summary>
public sealed class DashboardPlatformTests(DashboardPlatform platform) : IClassFixture<DashboardPlatform>
{
    private static readonly TimeSpan ExportDeadline = TimeSpan.FromSeconds(45);
    private static readonly string[] Services = ["gateway", "stt", "llm", "tts"];

    [Fact]
    public async Task After_a_voice_turn_the_trace_view_shows_one_trace_across_all_four_services_nested_with_ttft_and_first_audio_and_links_to_its_logs()
    {
        var conversation = await platform.NewConversationAsync();
        var turnId = await platform.VoiceTurnAsync(conversation, "Tell me a story about a little cat.");
        var traceId = await WaitForTurnTraceAsync(turnId);

        await using var context = await platform.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(platform.Dashboard, "/#/traces").ToString());
        await page.Locator($"tr[data-trace='{traceId}'] a").ClickAsync();

        var turn = page.Locator("li[data-span='turn'][data-service='gateway']");
        await Expect(turn).ToHaveCountAsync(1);
        foreach (var service in Services)
        {
            await Expect(page.Locator($"li[data-service='{service}']").First).ToBeVisibleAsync();
        }

        foreach (var (call, service) in new[] { ("stt.transcribe", "stt"), ("llm.generate", "llm"), ("tts.synthesize", "tts") })
        {
            // The service's server span sits inside the Gateway's client span, which sits inside the turn.
            var client = turn.Locator($"li[data-span='{call}'][data-service='gateway'][data-kind='client']");
            var server = client.Locator($"li[data-span='{call}'][data-service='{service}'][data-kind='server']");
            Assert.True(await client.CountAsync() >= 1, $"No Gateway client span {call} under the turn.");
            Assert.Equal(await client.CountAsync(), await server.CountAsync());
        }

        Assert.True(await OpenedAttributeAsync(turn, "platform.ttft_ms") > 0);
        Assert.True(await OpenedAttributeAsync(turn, "platform.first_audio_ms") > 0);
        Assert.True(await OpenedAttributeAsync(turn.Locator("li[data-span='llm.generate'][data-service='llm']"), "platform.ttft_ms") > 0);
        Assert.True(await OpenedAttributeAsync(turn.Locator("li[data-span='tts.synthesize'][data-service='tts']").First, "platform.first_audio_ms") > 0);

        // The trace's structured logs, and from each of them the way back to the trace.
        await page.GetByRole(AriaRole.Link, new() { Name = "Logs of this trace" }).ClickAsync();
        var records = page.GetByRole(AriaRole.Table, new() { Name = "Structured logs" }).Locator("tbody tr");
        await Expect(records.First).ToBeVisibleAsync();
        await Expect(records.Filter(new() { HasText = turnId })).Not.ToHaveCountAsync(0);
        await records.First.GetByRole(AriaRole.Link, new() { Name = traceId[..8] }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Trace {traceId}" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_metrics_page_ttft_percentiles_agree_with_the_ttft_measured_at_the_client_to_within_one_bucket()
    {
        const int Turns = 20;
        for (var turn = 0; turn < Turns; turn++)
        {
            // A conversation each: stories260K's long replies would soon fill its 2,048-token context.
            await platform.TextTurnAsync(await platform.NewConversationAsync(), $"Once upon a time there was a cat number {turn}.");
        }

        // Every turn this platform ran (other tests' included) was measured by the fixture's client.
        var client = platform.ClientTtfts.Order().ToArray();
        var histogram = await WaitForTtftCountAsync((ulong)client.Length);
        var bounds = histogram.GetProperty("bounds").EnumerateArray().Select(bound => bound.GetDouble()).ToArray();

        await using var context = await platform.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(platform.Dashboard, "/#/metrics?window=0").ToString());
        var row = page.Locator("tr[data-metric='platform.turn.ttft'][data-service='gateway']");
        await Expect(row.Locator("td[data-field='count']")).ToHaveTextAsync(client.Length.ToString(CultureInfo.InvariantCulture));

        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"platform.turn.ttft over {client.Length} turns; bounds {string.Join(", ", bounds)} ms");
        output?.WriteLine("| percentile | client (nearest rank) | dashboard (from buckets) | client bucket | dashboard bucket |");
        foreach (var (field, quantile) in new[] { ("p50", 0.50), ("p95", 0.95), ("p99", 0.99) })
        {
            var shown = double.Parse(await row.Locator($"td[data-field='{field}']").GetAttributeAsync("data-value") ?? "NaN", CultureInfo.InvariantCulture);
            var measured = client[Math.Max(0, (int)Math.Ceiling(quantile * client.Length) - 1)];
            var (measuredBucket, shownBucket) = (HistogramPercentiles.BucketOf(bounds, measured), HistogramPercentiles.BucketOf(bounds, shown));
            output?.WriteLine($"| {field} | {measured:0.0} ms | {shown:0.0} ms | {measuredBucket} | {shownBucket} |");
            Assert.True(
                Math.Abs(measuredBucket - shownBucket) <= 1,
                $"{field}: the dashboard shows {shown:0.0} ms (bucket {shownBucket}), the client measured {measured:0.0} ms (bucket {measuredBucket}); bounds {string.Join(", ", bounds)}.");
            Assert.Equal(histogram.GetProperty(field).GetDouble(), shown, 6);
        }
    }

    [Fact]
    public async Task The_resources_page_shows_every_resource_running_with_its_health_and_the_models_and_the_console_filters_a_resources_lines()
    {
        await using var context = await platform.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(platform.Dashboard.ToString());

        foreach (var resource in new[] { "redis", "messaging", "postgres", "gateway", "llm", "stt", "tts" })
        {
            await Expect(page.Locator($"tr[data-resource='{resource}']")).ToContainTextAsync("Running");
        }

        foreach (var service in Services)
        {
            await Expect(page.Locator($"tr[data-resource='{service}']")).ToContainTextAsync("Healthy (200)");
        }

        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Models" })).ToContainTextAsync("stories260K");

        await page.Locator("tr[data-resource='gateway']").GetByRole(AriaRole.Link, new() { Name = "Console" }).ClickAsync();
        await page.GetByLabel("Filter").FillAsync("Now listening on");
        var lines = page.GetByRole(AriaRole.List, new() { Name = "Console output" }).Locator("li");
        await Expect(lines).ToHaveCountAsync(1);
        await Expect(lines).ToContainTextAsync("Now listening on: http://127.0.0.1:");
    }

    [Fact]
    public async Task Markup_in_span_names_attributes_and_log_messages_is_shown_as_text_and_never_runs()
    {
        const string Markup = "<img src=x onerror=\"document.title='pwned'\">";
        var traceId = OtlpPayloads.NewTraceId();
        var spanId = OtlpPayloads.NewSpanId();
        using (var spans = await OtlpPayloads.PostAsync(platform.DashboardApi, "/v1/traces", OtlpPayloads.Traces(
            "gateway", OtlpPayloads.Span(traceId, spanId, string.Empty, Markup, 0, 5, attributes: ("note", Markup)))))
        using (var logs = await OtlpPayloads.PostAsync(platform.DashboardApi, "/v1/logs", OtlpPayloads.Logs("gateway", OtlpPayloads.Log(Markup, traceId: traceId))))
        {
            spans.EnsureSuccessStatusCode();
            logs.EnsureSuccessStatusCode();
        }

        await using var context = await platform.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(platform.Dashboard, $"/#/traces/{traceId}").ToString());
        var span = page.Locator($"li[data-span-id='{spanId}']");
        await Expect(span.Locator("summary")).ToContainTextAsync(Markup);
        await span.Locator("summary").ClickAsync();
        await Expect(span.Locator("dd[data-attribute='note']")).ToHaveTextAsync(Markup);
        await page.GotoAsync(new Uri(platform.Dashboard, $"/#/logs?trace={traceId}").ToString());
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Structured logs" })).ToContainTextAsync(Markup);

        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.NotEqual("pwned", await page.TitleAsync());
    }

    private static async Task<double> OpenedAttributeAsync(ILocator span, string attribute)
    {
        if (await span.Locator("xpath=./details").GetAttributeAsync("open") is null)
        {
            await span.Locator("xpath=./details/summary").ClickAsync();
        }

        var value = span.Locator($"xpath=./details//dd[@data-attribute='{attribute}']");
        await Expect(value).ToBeVisibleAsync();
        return double.Parse(await value.TextContentAsync() ?? "NaN", CultureInfo.InvariantCulture);
    }

    /// <summary>The trace whose turn span carries <paramref name="turnId"/>, once every service's spans have been exported to it.</summary>
    private async Task<string> WaitForTurnTraceAsync(string turnId)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(ExportDeadline);
        var seen = "no trace with a turn span yet";
        while (true)
        {
            var list = await platform.DashboardApi.GetFromJsonAsync<JsonElement>("/api/traces?name=turn&limit=1000", deadline.Token);
            foreach (var summary in list.GetProperty("traces").EnumerateArray())
            {
                var traceId = summary.GetProperty("traceId").GetString()!;
                var trace = await platform.DashboardApi.GetFromJsonAsync<JsonElement>($"/api/traces/{traceId}", deadline.Token);
                var spans = trace.GetProperty("spans").EnumerateArray().ToList();
                if (!spans.Any(span => span.GetProperty("name").GetString() == "turn" && Attribute(span, "turn.id") == turnId))
                {
                    continue;
                }

                var servers = spans.Where(span => span.GetProperty("kind").GetString() == "server").Select(span => span.GetProperty("service").GetString()).ToHashSet();
                seen = $"trace {traceId} has server spans from {string.Join(", ", servers)}";
                if (Services.All(servers.Contains))
                {
                    return traceId;
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Turn {turnId}'s trace did not reach the dashboard with spans from {string.Join(", ", Services)} within {ExportDeadline.TotalSeconds:0} s: {seen}.");
            }
        }
    }

    private async Task<JsonElement> WaitForTtftCountAsync(ulong turns)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(ExportDeadline);
        var count = 0UL;
        while (true)
        {
            var histograms = await platform.DashboardApi.GetFromJsonAsync<JsonElement>("/api/metrics/histograms?window=0&service=gateway&name=platform.turn.ttft", deadline.Token);
            if (histograms.GetArrayLength() == 1 && (count = histograms[0].GetProperty("count").GetUInt64()) >= turns)
            {
                Assert.Equal(turns, count);
                return histograms[0];
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), deadline.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"platform.turn.ttft counted {count} turns of {turns} after {ExportDeadline.TotalSeconds:0} s.");
            }
        }
    }

    private static string? Attribute(JsonElement span, string key) =>
        span.GetProperty("attributes").EnumerateArray().FirstOrDefault(pair => pair.GetProperty("key").GetString() == key) is { ValueKind: JsonValueKind.Object } pair
            ? pair.GetProperty("value").ToString()
            : null;
}
