using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Platform.AppHost.Dashboard.Otlp.Collector;

namespace Platform.AppHost.Tests.Dashboard;

public sealed class OtlpReceiverTests
{
    [Theory]
    [InlineData("/v1/traces")]
    [InlineData("/v1/metrics")]
    [InlineData("/v1/logs")]
    public async Task A_malformed_payload_gets_400_problem_details_and_the_receiver_keeps_working(string path)
    {
        await using var dashboard = await DashboardHost.StartAsync();
        var traceId = OtlpPayloads.NewTraceId();
        var valid = OtlpPayloads.Traces("gateway", OtlpPayloads.Span(traceId, OtlpPayloads.NewSpanId(), string.Empty, "turn", 0, 10)).ToByteArray();

        // Garbage, then a valid message cut off in the middle of a field.
        foreach (var body in new[] { new byte[] { 0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, valid[..(valid.Length - 5)] })
        {
            using var rejected = await OtlpPayloads.PostAsync(dashboard.Http, path, body);
            Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
            Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
            var problem = await rejected.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.Equal("Malformed OTLP payload", problem.GetProperty("title").GetString());
            Assert.DoesNotContain(" at ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using var accepted = await OtlpPayloads.PostAsync(dashboard.Http, "/v1/traces", valid);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("application/x-protobuf", accepted.Content.Headers.ContentType?.MediaType);
        ExportTraceServiceResponse.Parser.ParseFrom(await accepted.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        using var trace = await dashboard.Http.GetAsync($"/api/traces/{traceId}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, trace.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_configured_limit_gets_413_and_a_smaller_one_is_still_taken()
    {
        await using var dashboard = await DashboardHost.StartAsync(new Dictionary<string, string?> { ["Dashboard:MaxRequestBodyBytes"] = "4096" });
        var traceId = OtlpPayloads.NewTraceId();
        var large = OtlpPayloads.Traces("gateway", [.. Enumerable.Range(0, 100).Select(index => OtlpPayloads.Span(traceId, OtlpPayloads.NewSpanId(), string.Empty, $"span {index}", index, 1))]);

        using var rejected = await OtlpPayloads.PostAsync(dashboard.Http, "/v1/traces", large);
        using var accepted = await OtlpPayloads.PostAsync(dashboard.Http, "/v1/traces", OtlpPayloads.Traces("gateway", large.ResourceSpans[0].ScopeSpans[0].Spans[0]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, rejected.StatusCode);
        Assert.True(rejected.Headers.ConnectionClose, "A 413 leaves the body unread, so it must close the connection.");
        Assert.Contains("Dashboard:MaxRequestBodyBytes", await rejected.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(1, dashboard.Spans.Count);
    }

    [Fact]
    public async Task A_json_body_gets_415_naming_the_protocol_to_set()
    {
        await using var dashboard = await DashboardHost.StartAsync();

        using var response = await OtlpPayloads.PostAsync(dashboard.Http, "/v1/traces", "{\"resourceSpans\":[]}"u8.ToArray(), "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gzip_encoded_body_is_unpacked_and_stored()
    {
        await using var dashboard = await DashboardHost.StartAsync();
        var traceId = OtlpPayloads.NewTraceId();
        using var packed = new MemoryStream();
        await using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            OtlpPayloads.Traces("llm", OtlpPayloads.Span(traceId, OtlpPayloads.NewSpanId(), string.Empty, "llm.generate", 0, 5)).WriteTo(gzip);
        }

        using var content = new ByteArrayContent(packed.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await dashboard.Http.PostAsync("/v1/traces", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("llm.generate", Assert.Single(dashboard.Spans.Trace(traceId)).Name);
    }

    [Fact]
    public async Task A_structured_log_record_keeps_its_trace_and_is_found_by_it()
    {
        await using var dashboard = await DashboardHost.StartAsync();
        var traceId = OtlpPayloads.NewTraceId();

        using var response = await OtlpPayloads.PostAsync(dashboard.Http, "/v1/logs", OtlpPayloads.Logs(
            "gateway", OtlpPayloads.Log("unrelated"), OtlpPayloads.Log("Turn <b>failed</b>", severity: 17, traceId)));
        var found = await dashboard.Http.GetFromJsonAsync<JsonElement>($"/api/logs?traceId={traceId}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single(found.GetProperty("records").EnumerateArray());
        Assert.Equal("Turn <b>failed</b>", record.GetProperty("message").GetString());
        Assert.Equal("gateway", record.GetProperty("service").GetString());
        Assert.Equal("error", record.GetProperty("severity").GetString());
        Assert.Equal(traceId, record.GetProperty("traceId").GetString());
    }
}
