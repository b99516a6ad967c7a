using System.Net.Http.Json;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Gateway.Tests.Speech;
using Platform.Testing.Speech;
using Platform.Testing.SyntheticLlm;
using Platform.Testing.Telemetry;

namespace Platform.Gateway.Tests.Turns;

/// <summary>
/// Speculative generation on the hands-free microphone, with real speech services (a 1.2 s trailing silence, so a
/// pause can sit inside an utterance) and the synthetic token source, which records every Generate call it gets and
/// how it ended: a generation started on a stable partial is the turn's when the final says the same, and is cancelled
/// at the source and counted discarded when the person speaks on; either way nothing of it reaches the client before
/// its turn's final transcript, and only the turn's messages are stored.
/// </summary>
public sealed class SpeculationTests(GatewayEnvironment environment, PatientSpeechServices speech, SpeechClips clips) : IClassFixture<PatientSpeechServices>
{
    private const string Spoken = "Can you help me find the nearest hospital?";
    private const string Second = "Where is the bus station?";
    private const string Metric = "platform.voice.speculation";
    private static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFinalThatSaysWhatTheStablePartialSaidKeepsTheGenerationStartedOnItWithNoSecondLlmCall()
    {
        await using var collector = await OtlpCollector.StartAsync(Token);
        var behaviour = new SyntheticLlmBehaviour { Tokens = 30, TokenInterval = TimeSpan.FromMilliseconds(20) };
        await using var harness = await StartAsync(collector, behaviour);
        var conversation = await harness.CreateConversationAsync();
        using var socket = await GatewaySocket.ConnectAsync(harness, conversation);

        var frames = await SpeakHandsFreeAsync(socket, [.. Silence(300), .. await SpeechAsync(Spoken), .. Silence(2_000)]);

        var call = Assert.Single(behaviour.Calls);
        Assert.Equal("finished", await call.Ended.WaitAsync(ExportWait, Token));
        var final = FinalTranscript(frames);
        Assert.Equal(final, call.Request.Messages[^1].Content);
        AssertNothingOfTheReplyBeforeTheFinalTranscript(frames);
        var reply = string.Concat(frames.Where(f => Type(f) == "chunk").Select(f => f.GetProperty("data").GetProperty("text").GetString()));
        Assert.Equal(string.Concat(Enumerable.Range(0, 30).Select(i => i == 0 ? "w0" : $" w{i}")), reply);
        var turnId = frames[^1].GetProperty("turnId").GetGuid();
        Assert.Equal(("complete", reply), await harness.StoredReplyAsync(turnId));
        Assert.Equal([("user", final), ("assistant", reply)], await MessagesAsync(harness, conversation));

        var turn = await collector.WaitForSpanAsync(s => s.Name == "turn" && s.Attribute("turn.id")?.StringValue == turnId.ToString(), ExportWait, Token);
        Assert.Equal("kept", turn.Attribute("turn.speculation")?.StringValue);
        // The speculation is a trace of its own (the socket's request it began in lasts as long as the socket), holding
        // its model call, and the turn that kept it links to it.
        var speculation = await collector.WaitForSpanAsync(
            s => s.Name == "speculation" && turn.Span.Links.Any(link => Convert.ToHexStringLower(link.SpanId.Span) == s.SpanId), ExportWait, Token);
        Assert.Empty(speculation.ParentSpanId);
        Assert.Single(speculation.Span.Links);
        var modelCall = await collector.WaitForSpanAsync(s => s.Name == "llm.generate" && s.ParentSpanId == speculation.SpanId, ExportWait, Token);
        Assert.Equal(ReceivedSpan.ClientKind, modelCall.Span.Kind);
        Assert.Equal(1, await CounterAsync(collector, "kept", 1));
        Assert.Equal(0, collector.Counter("gateway", Metric, "outcome", "discarded"));
    }

    [Fact]
    public async Task APartialThePersonSpeaksOnPastIsDiscardedCancellingItsGenerationAtTheSourceAndTheReplyIsGeneratedOnTheFinalWords()
    {
        await using var collector = await OtlpCollector.StartAsync(Token);
        // Every call holds after its first token until the final transcript comes, and then only the call for the
        // final's words goes on: a speculation the person spoke past is still running when they do, however slowly
        // the machine recognises their next words, so it ends only if it is cancelled.
        var behaviour = new SyntheticLlmBehaviour { Tokens = 100, TokenInterval = TimeSpan.FromMilliseconds(30), HoldAfterTokens = 1 };
        await using var harness = await StartAsync(collector, behaviour);
        var conversation = await harness.CreateConversationAsync();
        using var socket = await GatewaySocket.ConnectAsync(harness, conversation);

        // Half a second of pause after the first sentence: long enough for its partial to be stable, too short to end the utterance.
        var frames = await SpeakHandsFreeAsync(socket, [.. Silence(300), .. await SpeechAsync(Second), .. Silence(500), .. await SpeechAsync(Spoken), .. Silence(2_000)],
            final => behaviour.ReleaseHeldCalls(request => request.Messages[^1].Content == final));

        // Every call but the last was a speculation the person spoke past; the last is the turn's own, or a
        // speculation on the whole utterance that the turn kept.
        var calls = behaviour.Calls.ToList();
        Assert.True(calls.Count >= 2, $"{calls.Count} calls");
        foreach (var discarded in calls[..^1])
        {
            Assert.Equal("cancelled", await discarded.Ended.WaitAsync(ExportWait, Token));
        }

        var final = FinalTranscript(frames);
        Assert.NotEqual(final, calls[0].Request.Messages[^1].Content);
        Assert.True(WordErrorRate.Of(Second, calls[0].Request.Messages[^1].Content) <= 0.5, calls[0].Request.Messages[^1].Content);
        Assert.Equal(final, calls[^1].Request.Messages[^1].Content);
        AssertNothingOfTheReplyBeforeTheFinalTranscript(frames);
        var reply = string.Concat(frames.Where(f => Type(f) == "chunk").Select(f => f.GetProperty("data").GetProperty("text").GetString()));
        Assert.Equal(string.Concat(Enumerable.Range(0, 100).Select(i => i == 0 ? "w0" : $" w{i}")), reply);
        Assert.Equal([("user", final), ("assistant", reply)], await MessagesAsync(harness, conversation));

        Assert.Equal(calls.Count - 1, await CounterAsync(collector, "discarded", calls.Count - 1));
    }

    private async Task<GatewayHarness> StartAsync(OtlpCollector collector, SyntheticLlmBehaviour behaviour)
    {
        var settings = new Dictionary<string, string?>(speech.GatewaySettings) { ["OTEL_METRIC_EXPORT_INTERVAL"] = "200" };
        foreach (var (key, value) in collector.ExporterSettings("gateway"))
        {
            settings[key] = value;
        }

        return await GatewayHarness.StartAsync(environment, behaviour, settings: settings);
    }

    /// <summary>
    /// Sends the audio hands-free in 100 ms frames at twice real time, and returns every frame up to the turn's last;
    /// <paramref name="atFinalTranscript"/> gets the final transcript's text as it arrives.
    /// </summary>
    private static async Task<List<JsonElement>> SpeakHandsFreeAsync(GatewaySocket socket, byte[] pcm, Action<string>? atFinalTranscript = null)
    {
        await socket.SendAsync(new { type = "audio.start", mode = "hands-free" });
        var sending = Task.Run(async () =>
        {
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            for (var offset = 0; offset < pcm.Length; offset += 3_200)
            {
                await pace.WaitForNextTickAsync(Token);
                await socket.SendAudioAsync(pcm.AsMemory(offset, Math.Min(3_200, pcm.Length - offset)));
            }
        }, Token);
        var frames = new List<JsonElement>();
        while (frames.Count == 0 || Type(frames[^1]) is not ("complete" or "error"))
        {
            var frame = await socket.ReceiveAsync();
            frames.Add(frame);
            if (Type(frame) == "transcription" && frame.GetProperty("data").GetProperty("isFinal").GetBoolean())
            {
                atFinalTranscript?.Invoke(frame.GetProperty("data").GetProperty("text").GetString()!);
            }
        }

        await sending;
        Assert.Equal("complete", Type(frames[^1]));
        return frames;
    }

    /// <summary>The turn's first event is the final transcript: before it the socket got only partials and speech events, none of any turn.</summary>
    private static void AssertNothingOfTheReplyBeforeTheFinalTranscript(List<JsonElement> frames)
    {
        var final = frames.FindIndex(f => Type(f) == "transcription" && f.GetProperty("data").GetProperty("isFinal").GetBoolean());
        Assert.True(final >= 0, "no final transcript");
        Assert.All(frames.Take(final), f => Assert.Contains(Type(f), new[] { "transcription", "speech", "accepted" }));
        Assert.All(frames.Take(final).Where(f => Type(f) != "accepted"), f => Assert.False(f.TryGetProperty("turnId", out var id) && id.ValueKind != JsonValueKind.Null, f.ToString()));
        var turnId = frames[final].GetProperty("turnId").GetGuid();
        Assert.All(frames.Where(f => f.TryGetProperty("turnId", out var id) && id.ValueKind != JsonValueKind.Null), f => Assert.Equal(turnId, f.GetProperty("turnId").GetGuid()));
    }

    private static string FinalTranscript(List<JsonElement> frames) =>
        Assert.Single(frames, f => Type(f) == "transcription" && f.GetProperty("data").GetProperty("isFinal").GetBoolean()).GetProperty("data").GetProperty("text").GetString()!;

    private static async Task<List<(string Role, string Content)>> MessagesAsync(GatewayHarness harness, Guid conversation)
    {
        var details = await harness.Client().GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", Token);
        return [.. details.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!))];
    }

    private static Task<double> CounterAsync(OtlpCollector collector, string outcome, double expected) =>
        Eventually.ReturnsAsync(() => Task.FromResult(collector.Counter("gateway", Metric, "outcome", outcome)), value => value >= expected, ExportWait);

    private async Task<byte[]> SpeechAsync(string text) => WavWriter.DataOf(await clips.WavAsync(text)).ToArray();

    private static byte[] Silence(int milliseconds) => new byte[milliseconds * 32];

    private static string? Type(JsonElement frame) => frame.GetProperty("type").GetString();
}
