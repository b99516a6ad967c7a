using System.Diagnostics;
using Platform.LlmService.Generation;
using Platform.LlmService.Tests.Generation;
using Platform.LlmService.Tests.Providers.Fakes;

namespace Platform.LlmService.Tests.Providers;

/// <summary>A cloud provider's HTTP request shows in the trace, under the llm.generate span that made it.</summary>
public sealed class ProviderTelemetryTests
{
    [Fact]
    public async Task AnOpenAIRequestIsAnHttpClientSpanUnderTheLlmGenerateServerSpan()
    {
        await using var upstream = await FakeProviderServer.StartAsync();
        upstream.Script = FakeScript.Text("Hi", "!");
        await using var server = await LlmServer.StartAsync(new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "openai",
            ["Llm:Model"] = "gpt-4o-mini",
            ["Llm:BaseUrl"] = new Uri(upstream.Address, "v1").ToString(),
        });
        using var spans = new SpanCollector();
        using var testSource = new ActivitySource(SpanCollector.TestSourceName);

        ActivityTraceId trace;
        using (var root = testSource.StartActivity("test"))
        {
            trace = root!.TraceId;
            Assert.Equal("Hi!", (await Transcript.CollectAsync(server.Channel, Requests.User("Hello"))).Text);
        }

        var generate = await spans.NextAsync(a => a.TraceId == trace && a.Kind == ActivityKind.Server && a.DisplayName == GenerationTelemetry.SpanName);
        var http = await spans.NextAsync(a => a.TraceId == trace && a.Source.Name == "System.Net.Http");
        Assert.Equal(ActivityKind.Client, http.Kind);
        Assert.Equal(generate.SpanId, http.ParentSpanId);
        Assert.Equal("POST", http.GetTagItem("http.request.method"));
        Assert.Equal(200, http.GetTagItem("http.response.status_code"));
        Assert.EndsWith("/v1/chat/completions", http.GetTagItem("url.full") as string, StringComparison.Ordinal);
    }
}
