using System.Net.Http.Headers;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing;
using Platform.Testing.Speech;
using Platform.Testing.Telemetry;

namespace Platform.Gateway.Tests.Turns;

/// <summary>
/// One voice turn through the real Gateway, SttService (pocketsphinx), LlmService (llama.cpp, stories260K) and
/// TtsService (flite), each its own process exporting OTLP/HTTP protobuf to an in-test receiver, as the AppHost points
/// them at its dashboard. The Gateway's Redis and PostgreSQL calls for the turn are spans of the same trace.
/// </summary>
public sealed class TurnTraceTests(GatewayEnvironment environment, SpeechClips clips)
{
    private static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AVoiceTurnIsOneTraceAcrossAllFourServicesWithEachServersSpanTheChildOfTheGatewaysClientSpanOfTheSameNameAndTheGatewaysRedisAndPostgresCallsInIt()
    {
        await using var collector = await OtlpCollector.StartAsync(Token);
        var stt = new ServiceFixture("SttService", Exporting(collector, "stt"));
        var tts = new ServiceFixture("TtsService", Exporting(collector, "tts"));
        await using var sttService = stt;
        await using var ttsService = tts;
        var llmStart = RealLlmService.StartAsync(Exporting(collector, "llm"));
        await Task.WhenAll(stt.InitializeAsync().AsTask(), tts.InitializeAsync().AsTask(), llmStart);
        await using var llm = await llmStart;
        var settings = new Dictionary<string, string?>(Exporting(collector, "gateway").Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
        {
            ["services__stt__http__0"] = stt.BaseAddress.ToString(),
            ["services__tts__http__0"] = tts.BaseAddress.ToString(),
        };
        await using var harness = await GatewayHarness.StartAsync(environment, llm.BaseAddress, settings);
        var conversation = await harness.CreateConversationAsync();

        var events = await VoiceTurnAsync(harness, conversation, await clips.WavAsync("Tell me a story about a cat."));

        var completed = events.Single(e => e.Type == "turn.completed");
        var turnId = completed.Json.GetProperty("turnId").GetString();
        Assert.Equal("complete", completed.Json.GetProperty("status").GetString());
        Assert.Contains(events, e => e.Type == "audio");
        var turn = await collector.WaitForSpanAsync(s => s.Name == "turn" && s.Attribute("turn.id")?.StringValue == turnId, ExportWait, Token);
        Assert.Equal("gateway", turn.ServiceName);
        Assert.True(turn.Attribute("turn.voice")?.BoolValue);
        Assert.Equal("complete", turn.Attribute("turn.status")?.StringValue);
        Assert.Equal(conversation.ToString(), turn.Attribute("conversation.id")?.StringValue);
        var timings = completed.Json.GetProperty("timings");
        Assert.Equal(timings.GetProperty("ttftMs").GetDouble(), turn.Attribute("platform.ttft_ms")!.DoubleValue, 3);
        Assert.Equal(timings.GetProperty("firstAudioMs").GetDouble(), turn.Attribute("platform.first_audio_ms")!.DoubleValue, 3);
        Assert.Equal(timings.GetProperty("firstAudioMs").GetDouble(), turn.Attribute("platform.voice_to_first_audio_ms")!.DoubleValue, 3);
        Assert.InRange(turn.Attribute("platform.total_ms")!.DoubleValue, timings.GetProperty("firstAudioMs").GetDouble(), 120_000);
        Assert.True(turn.HasEvent("first_token") && turn.HasEvent("first_audio"));

        var transcribe = await ModelCallAsync(collector, turn, "stt.stream_transcribe", "stt");
        Assert.True(transcribe.Attribute("stt.audio_ms")?.IntValue > 1000);
        Assert.True(transcribe.Attribute("stt.decode_ms")?.DoubleValue > 0);
        Assert.NotNull(transcribe.Attribute("platform.queue_ms"));

        var generate = await ModelCallAsync(collector, turn, "llm.generate", "llm");
        Assert.True(generate.Attribute("platform.ttft_ms")?.DoubleValue > 0);
        Assert.NotNull(generate.Attribute("platform.queue_ms"));
        Assert.Equal("interactive", generate.Attribute("platform.priority")?.StringValue);
        Assert.True(generate.HasEvent("first_token"));

        var synthesize = await ModelCallAsync(collector, turn, "tts.synthesize", "tts");
        Assert.True(synthesize.Attribute("platform.first_audio_ms")?.DoubleValue > 0);
        Assert.Equal("slt", synthesize.Attribute("tts.voice")?.StringValue);
        Assert.NotNull(synthesize.Attribute("platform.queue_ms"));
        Assert.True(synthesize.HasEvent("first_audio"));

        // Redis's instrumentation turns a parent's profiled commands into spans once that parent has ended, every 10 s.
        var redis = await collector.WaitForSpanAsync(s => s.TraceId == turn.TraceId && DatabaseSystem(s) == "redis", ExportWait, Token);
        var postgres = await collector.WaitForSpanAsync(s => s.TraceId == turn.TraceId && DatabaseSystem(s) == "postgresql", ExportWait, Token);
        Assert.All(new[] { redis, postgres }, span => Assert.Equal("gateway", span.ServiceName));
        Assert.All(new[] { redis, postgres }, span => Assert.Equal(ReceivedSpan.ClientKind, span.Span.Kind));

        var trace = collector.Spans.Where(s => s.TraceId == turn.TraceId).ToList();
        Assert.All(new[] { redis, postgres }, span => Assert.Contains(trace, parent => parent.SpanId == span.ParentSpanId));
        Assert.Equal(["gateway", "llm", "stt", "tts"], trace.Select(s => s.ServiceName).Distinct().Order());
        TestContext.Current.SendDiagnosticMessage($"trace {turn.TraceId}: {trace.Count} spans: " +
            string.Join(", ", trace.GroupBy(s => $"{s.ServiceName} {s.Name}").Select(g => $"{g.Key} x{g.Count()}")));
    }

    private static string? DatabaseSystem(ReceivedSpan span) => (span.Attribute("db.system.name") ?? span.Attribute("db.system"))?.StringValue;

    private static IReadOnlyDictionary<string, string> Exporting(OtlpCollector collector, string serviceName) =>
        new Dictionary<string, string>(collector.ExporterSettings(serviceName))
        {
            // Export each batch within a fifth of a second rather than the default five, so the test does not wait.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        };

    /// <summary>
    /// The Gateway's client span of a model call, a child of the turn, and the service's server span of the same name
    /// as that client span's child; returns the server span.
    /// </summary>
    private static async Task<ReceivedSpan> ModelCallAsync(OtlpCollector collector, ReceivedSpan turn, string name, string service)
    {
        var client = await collector.WaitForSpanAsync(
            s => s.ServiceName == "gateway" && s.Name == name && s.ParentSpanId == turn.SpanId, ExportWait, Token);
        Assert.Equal(ReceivedSpan.ClientKind, client.Span.Kind);
        Assert.Equal(turn.TraceId, client.TraceId);
        var server = await collector.WaitForSpanAsync(s => s.ServiceName == service && s.ParentSpanId == client.SpanId, ExportWait, Token);
        Assert.Equal(name, server.Name);
        Assert.Equal(ReceivedSpan.ServerKind, server.Span.Kind);
        Assert.Equal(turn.TraceId, server.TraceId);
        return server;
    }

    private static async Task<List<SseEvent>> VoiceTurnAsync(GatewayHarness harness, Guid conversation, byte[] wav)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(wav);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse("audio/wav");
        form.Add(part, "audio", "speech.wav");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversation}/turns") { Content = form };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await harness.Client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
        response.EnsureSuccessStatusCode();
        return await SseReader.ReadAsync(await response.Content.ReadAsStreamAsync(Token), Token).Where(e => e.Type != "comment").ToListAsync(Token);
    }
}
