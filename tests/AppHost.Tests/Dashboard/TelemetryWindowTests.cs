using System.Diagnostics;
using System.Net;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using Platform.AppHost.Dashboard.Logs;
using Platform.AppHost.Dashboard.Otlp;
using Platform.AppHost.Dashboard.Otlp.Collector;
using SpanKind = Platform.AppHost.Dashboard.Otlp.Trace.Span.Types.SpanKind;

namespace Platform.AppHost.Tests.Dashboard;

public sealed class TelemetryWindowTests
{
    private const int Cap = 10_000;
    private const int Ingested = 100_000;
    private const int BatchSize = 512;

    [Fact]
    public async Task After_100000_spans_the_window_keeps_only_its_cap_newest_first_and_memory_stops_growing_at_the_cap()
    {
        await using var dashboard = await DashboardHost.StartAsync(new Dictionary<string, string?> { ["Dashboard:MaxSpans"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        // Batches as the SDK's batch exporter sends them (512 spans), with the attributes of a real llm.generate server span.
        var requests = Enumerable.Range(0, Ingested / BatchSize + 1).Select(_ => Batch()).ToList();
        var firstTrace = OtlpValues.Hex(requests[0].ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId);
        var lastTrace = OtlpValues.Hex(requests[^1].ResourceSpans[0].ScopeSpans[0].Spans[^1].TraceId);
        var batches = requests.Select(request => request.ToByteArray()).ToList();
        requests.Clear();
        var before = ManagedBytes();
        long atTwiceTheCap = 0;
        var sent = 0;
        var clock = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            using var response = await OtlpPayloads.PostAsync(dashboard.Http, "/v1/traces", batch);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            sent += BatchSize;
            if (atTwiceTheCap == 0 && sent >= 2 * Cap)
            {
                clock.Stop();
                atTwiceTheCap = ManagedBytes();
                clock.Start();
            }
        }

        clock.Stop();
        var after = ManagedBytes();
        // The payloads stay alive to the end, so they weigh the same in every measurement.
        GC.KeepAlive(batches);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Dashboard:MaxSpans {Cap:N0}; {sent:N0} spans ingested over HTTP in {clock.Elapsed.TotalSeconds:0.00} s ({sent / clock.Elapsed.TotalSeconds:N0} spans/s); kept {dashboard.Spans.Count:N0}.");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Managed heap: {Mb(before)} before, {Mb(atTwiceTheCap)} after {2 * Cap:N0} spans, {Mb(after)} after {sent:N0} ({(after - before) / (double)Cap:N0} bytes per kept span; the window's cap holds it at {Mb(after - before)} over the empty dashboard).");
        Assert.Equal(Cap, dashboard.Spans.Count);
        Assert.Equal(sent, dashboard.Spans.Ingested);
        Assert.Empty(dashboard.Spans.Trace(firstTrace));
        Assert.Single(dashboard.Spans.Trace(lastTrace));
        // Past the cap each new span evicts one: 80,000 more spans may not grow the heap beyond noise (a quarter, or 4 MB).
        Assert.True(
            after <= Math.Max(atTwiceTheCap * 1.25, atTwiceTheCap + (4 << 20)),
            $"The managed heap grew from {Mb(atTwiceTheCap)} at {2 * Cap:N0} spans to {Mb(after)} at {sent:N0}, with the window capped at {Cap:N0}.");
    }

    [Fact]
    public async Task The_log_window_evicts_the_oldest_record_first()
    {
        await using var dashboard = await DashboardHost.StartAsync(new Dictionary<string, string?> { ["Dashboard:MaxLogRecords"] = "100" });

        for (var batch = 0; batch < 3; batch++)
        {
            await OtlpPayloads.PostAsync(dashboard.Http, "/v1/logs", OtlpPayloads.Logs(
                "llm", [.. Enumerable.Range(batch * 50, 50).Select(index => OtlpPayloads.Log($"record {index}"))]));
        }

        var kept = dashboard.Logs.Search(new LogQuery(Limit: 1000));
        Assert.Equal(100, kept.Count);
        Assert.Equal("record 149", kept[0].Message);
        Assert.Equal("record 50", kept[^1].Message);
    }

    [Fact]
    public async Task A_cap_out_of_range_stops_the_start_with_a_message_naming_the_setting()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            DashboardHost.StartAsync(new Dictionary<string, string?> { ["Dashboard:MaxSpans"] = "5" }));

        Assert.Contains("Dashboard:MaxSpans", failure.Message, StringComparison.Ordinal);
    }

    private static ExportTraceServiceRequest Batch()
    {
        var traceId = OtlpPayloads.NewTraceId();
        return OtlpPayloads.Traces("llm", [.. Enumerable.Range(0, BatchSize).Select(index => OtlpPayloads.Span(
            index == BatchSize - 1 ? OtlpPayloads.NewTraceId() : traceId,
            OtlpPayloads.NewSpanId(),
            OtlpPayloads.NewSpanId(),
            "llm.generate",
            index,
            20,
            SpanKind.Server,
            attributes: [("platform.priority", "interactive"), ("platform.queue_ms", 0.7), ("platform.ttft_ms", 19.9), ("platform.tokens_per_second", 598.5), ("rpc.system", "grpc"), ("rpc.method", "Generate")]))]);
    }

    private static long ManagedBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):0.0} MB";
}
