using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SpanKind = Platform.AppHost.Dashboard.Otlp.Trace.Span.Types.SpanKind;

namespace Platform.AppHost.Tests.Dashboard;

public sealed class TracesApiTests
{
    [Fact]
    public async Task The_trace_list_filters_by_service_span_name_minimum_duration_and_errors()
    {
        await using var dashboard = await DashboardHost.StartAsync();
        var quick = OtlpPayloads.NewTraceId();
        var slow = OtlpPayloads.NewTraceId();
        var failed = OtlpPayloads.NewTraceId();
        var quickRoot = OtlpPayloads.NewSpanId();
        await OtlpPayloads.PostAsync(dashboard.Http, "/v1/traces", OtlpPayloads.Traces(
            "gateway",
            OtlpPayloads.Span(quick, quickRoot, string.Empty, "turn", 0, 40),
            OtlpPayloads.Span(slow, OtlpPayloads.NewSpanId(), string.Empty, "turn", 100, 900),
            OtlpPayloads.Span(failed, OtlpPayloads.NewSpanId(), string.Empty, "GET /api/health/models", 200, 5, error: true)));
        await OtlpPayloads.PostAsync(dashboard.Http, "/v1/traces", OtlpPayloads.Traces(
            "llm", OtlpPayloads.Span(quick, OtlpPayloads.NewSpanId(), quickRoot, "llm.generate", 5, 30, SpanKind.Server)));

        Assert.Equal([failed, slow, quick], await TraceIdsAsync(dashboard, string.Empty));
        Assert.Equal([quick], await TraceIdsAsync(dashboard, "?service=llm"));
        Assert.Equal([slow, quick], await TraceIdsAsync(dashboard, "?name=TURN"));
        Assert.Equal([slow], await TraceIdsAsync(dashboard, "?name=turn&minMs=100"));
        Assert.Equal([failed], await TraceIdsAsync(dashboard, "?errors=true"));
        var list = await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/traces?service=llm", TestContext.Current.CancellationToken);
        var summary = Assert.Single(list.GetProperty("traces").EnumerateArray());
        Assert.Equal("turn", summary.GetProperty("name").GetString());
        Assert.Equal(["gateway", "llm"], summary.GetProperty("services").EnumerateArray().Select(service => service.GetString()).Order());
        Assert.Equal(2, summary.GetProperty("spanCount").GetInt32());
    }

    [Fact]
    public async Task A_trace_gives_each_span_its_parent_offset_attributes_and_kind_across_services()
    {
        await using var dashboard = await DashboardHost.StartAsync();
        var traceId = OtlpPayloads.NewTraceId();
        var (turn, client, server) = (OtlpPayloads.NewSpanId(), OtlpPayloads.NewSpanId(), OtlpPayloads.NewSpanId());
        await OtlpPayloads.PostAsync(dashboard.Http, "/v1/traces", OtlpPayloads.Traces(
            "gateway",
            OtlpPayloads.Span(traceId, turn, string.Empty, "turn", 0, 100, attributes: ("platform.ttft_ms", 12.5)),
            OtlpPayloads.Span(traceId, client, turn, "llm.generate", 10, 50, SpanKind.Client)));
        await OtlpPayloads.PostAsync(dashboard.Http, "/v1/traces", OtlpPayloads.Traces(
            "llm", OtlpPayloads.Span(traceId, server, client, "llm.generate", 12, 45, SpanKind.Server, attributes: [("platform.priority", "interactive"), ("platform.queue_ms", 0.5)])));

        var trace = await dashboard.Http.GetFromJsonAsync<JsonElement>($"/api/traces/{traceId}", TestContext.Current.CancellationToken);

        Assert.Equal(100, trace.GetProperty("durationMs").GetDouble(), 3);
        var spans = trace.GetProperty("spans").EnumerateArray().ToDictionary(span => span.GetProperty("spanId").GetString()!);
        Assert.Equal(client, spans[server].GetProperty("parentSpanId").GetString());
        Assert.Equal("llm", spans[server].GetProperty("service").GetString());
        Assert.Equal("server", spans[server].GetProperty("kind").GetString());
        Assert.Equal(12, spans[server].GetProperty("offsetMs").GetDouble(), 3);
        Assert.Equal(45, spans[server].GetProperty("durationMs").GetDouble(), 3);
        var attributes = spans[server].GetProperty("attributes").EnumerateArray().ToDictionary(pair => pair.GetProperty("key").GetString()!, pair => pair.GetProperty("value"));
        Assert.Equal("interactive", attributes["platform.priority"].GetString());
        Assert.Equal(0.5, attributes["platform.queue_ms"].GetDouble());
        Assert.Equal(12.5, spans[turn].GetProperty("attributes")[0].GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task An_unknown_trace_gets_404_and_a_malformed_id_400_as_problem_details()
    {
        await using var dashboard = await DashboardHost.StartAsync();

        using var unknown = await dashboard.Http.GetAsync($"/api/traces/{OtlpPayloads.NewTraceId()}", TestContext.Current.CancellationToken);
        using var malformed = await dashboard.Http.GetAsync("/api/traces/not-a-trace", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<string[]> TraceIdsAsync(DashboardHost dashboard, string query)
    {
        var list = await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/traces" + query, TestContext.Current.CancellationToken);
        return [.. list.GetProperty("traces").EnumerateArray().Select(trace => trace.GetProperty("traceId").GetString()!)];
    }
}
