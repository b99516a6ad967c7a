using System.Net.Http.Json;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Gateway.Tests.Speech;
using Platform.Testing.Speech;
using Platform.Testing.SyntheticLlm;

namespace Platform.Gateway.Tests.Realtime;

/// <summary>
/// The WebSocket's microphone through SttService's StreamTranscribe, with flite speech sent as a browser sends it:
/// partials while the person speaks, hands-free turns the endpointer closes, and frames the socket refuses.
/// </summary>
public sealed class MicrophoneStreamTests(GatewayEnvironment environment, SpeechServices speech, SpeechClips clips) : IClassFixture<SpeechServices>
{
    private const string Spoken = "Can you help me find the nearest hospital?";
    private const string Second = "Where is the bus station?";
    private static readonly string[] Reply = ["The station", " is near.", " Turn left."];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PushToTalkAtRealTimePaceGetsPartialTranscriptsBeforeAudioEndThenTheTurnAcceptedBeforeItsFirstEvent()
    {
        await using var harness = await StartAsync();
        using var socket = await GatewaySocket.ConnectAsync(harness, await harness.CreateConversationAsync());
        var pcm = WavWriter.DataOf(await clips.WavAsync(Spoken));
        var frames = new List<JsonElement>();
        var receiving = Task.Run(async () =>
        {
            while (frames.Count == 0 || frames[^1].GetProperty("type").GetString() is not ("complete" or "error"))
            {
                var frame = await socket.ReceiveAsync();
                lock (frames)
                {
                    frames.Add(frame);
                }
            }
        }, Token);

        await socket.SendAsync(new { type = "audio.start" });
        using (var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100)))
        {
            for (var offset = 0; offset < pcm.Length; offset += 3_200)
            {
                await pace.WaitForNextTickAsync(Token);
                await socket.SendAudioAsync(pcm.Slice(offset, Math.Min(3_200, pcm.Length - offset)));
            }
        }

        // A loaded machine recognises slower than real time: partials that come late still come while the microphone is open.
        var partialsBeforeEnd = await Eventually.ReturnsAsync(
            () =>
            {
                lock (frames)
                {
                    return Task.FromResult(frames.Count(IsPartial));
                }
            },
            partials => partials >= 2,
            TimeSpan.FromSeconds(30));

        await socket.SendAsync(new { type = "audio.end" });
        await receiving;

        Assert.True(partialsBeforeEnd >= 2, $"{partialsBeforeEnd} partials before audio.end: {string.Join(",", frames.Select(f => f.GetProperty("type").GetString()))}");
        Assert.Contains(frames, f => f.GetProperty("type").GetString() == "speech" && f.GetProperty("data").GetProperty("event").GetString() == "started");
        var final = Assert.Single(frames, f => f.GetProperty("type").GetString() == "transcription" && f.GetProperty("data").GetProperty("isFinal").GetBoolean());
        var heard = final.GetProperty("data").GetProperty("text").GetString()!;
        Assert.True(WordErrorRate.Of(Spoken, heard) <= 0.5, $"heard '{heard}'");
        Assert.Equal(final.GetProperty("turnId").GetGuid(), frames[^1].GetProperty("turnId").GetGuid());
        Assert.Equal("complete", frames[^1].GetProperty("type").GetString());
        Assert.True(frames[^1].GetProperty("data").GetProperty("timings").GetProperty("sttMs").GetDouble() >= 0);
        var order = string.Join(",", frames.Select(f => f.GetProperty("type").GetString()));
        var accepted = frames.FindIndex(f => f.GetProperty("type").GetString() == "accepted");
        var firstEvent = frames.FindIndex(f => f.TryGetProperty("seq", out _));
        Assert.True(accepted >= 0 && accepted < firstEvent, order);
        Assert.Equal(final.GetProperty("turnId").GetGuid(), frames[accepted].GetProperty("turnId").GetGuid());
    }

    [Fact]
    public async Task HandsFreeMakesATurnOfEachUtteranceTheEndpointerCloses()
    {
        await using var harness = await StartAsync();
        var conversation = await harness.CreateConversationAsync();
        using var socket = await GatewaySocket.ConnectAsync(harness, conversation);
        byte[] pcm =
        [
            .. new byte[300 * 32],
            .. WavWriter.DataOf(await clips.WavAsync(Spoken)).ToArray(),
            .. new byte[2_500 * 32],
            .. WavWriter.DataOf(await clips.WavAsync(Second)).ToArray(),
            .. new byte[1_000 * 32],
        ];

        await socket.SendAsync(new { type = "audio.start", mode = "hands-free" });
        var sending = Task.Run(async () =>
        {
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            for (var offset = 0; offset < pcm.Length; offset += 3_200)
            {
                await pace.WaitForNextTickAsync(Token);
                await socket.SendAudioAsync(pcm.AsMemory(offset, Math.Min(3_200, pcm.Length - offset)));
            }
        }, Token);
        var completed = new List<JsonElement>();
        while (completed.Count < 2)
        {
            var frame = await socket.ReceiveAsync();
            var type = frame.GetProperty("type").GetString();
            Assert.NotEqual("error", type);
            if (type == "complete")
            {
                completed.Add(frame);
            }
        }

        await sending;

        Assert.NotEqual(completed[0].GetProperty("turnId").GetGuid(), completed[1].GetProperty("turnId").GetGuid());
        var details = await harness.Client().GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", Token);
        var users = details.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("role").GetString() == "user").Select(m => m.GetProperty("content").GetString()!).ToList();
        Assert.Equal(2, users.Count);
        Assert.True(WordErrorRate.Of(Spoken, users[0]) <= 0.5, $"heard '{users[0]}'");
        Assert.True(WordErrorRate.Of(Second, users[1]) <= 0.5, $"heard '{users[1]}'");
    }

    [Fact]
    public async Task BadMicrophoneFramesGetErrorFramesAndTheSocketStaysOpen()
    {
        await using var harness = await StartAsync();
        using var socket = await GatewaySocket.ConnectAsync(harness, await harness.CreateConversationAsync());

        await socket.SendAudioAsync(new byte[3_200]);
        Assert.Equal("bad_frame", await ErrorCodeAsync(socket));
        await socket.SendAsync(new { type = "audio.start", format = "opus" });
        Assert.Equal("unsupported_audio_format", await ErrorCodeAsync(socket));
        await socket.SendAsync(new { type = "audio.start", mode = "always" });
        Assert.Equal("bad_frame", await ErrorCodeAsync(socket));
        await socket.SendAsync(new { type = "audio.start" });
        await socket.SendAudioAsync(new byte[3_201]);
        Assert.Equal("bad_audio_frame", await ErrorCodeAsync(socket));
        await socket.SendAsync(new { type = "audio.start" });
        Assert.Equal("audio_already_started", await ErrorCodeAsync(socket));
        // 1.875 s of audio a frame, as fast as the socket takes them: past 5 s ahead of the time the microphone has been
        // open, however slowly a loaded machine handles each frame, the next one is refused.
        string? refused = null;
        for (var sent = 0; sent < 10 && refused is null; sent++)
        {
            await socket.SendAudioAsync(new byte[60_000]);
            await socket.SendAsync(new { type = "ping" });
            var answer = await socket.ReceiveAsync();
            if (answer.GetProperty("type").GetString() == "error")
            {
                refused = answer.GetProperty("data").GetProperty("code").GetString();
                answer = await socket.ReceiveAsync();
            }

            Assert.Equal("pong", answer.GetProperty("type").GetString());
        }

        Assert.Equal("audio_too_fast", refused);
    }

    [Fact]
    public async Task AUserWithAsManyMicrophonesOpenAsAllowedIsRefusedAnotherUntilOneIsEnded()
    {
        await using var harness = await StartAsync(new Dictionary<string, string?> { ["Gateway__Limits__OpenMicrophones"] = "2", ["Gateway__Limits__RequestsPerMinute"] = "10000" });
        var conversation = await harness.CreateConversationAsync();
        using var first = await GatewaySocket.ConnectAsync(harness, conversation);
        using var second = await GatewaySocket.ConnectAsync(harness, conversation);
        using var third = await GatewaySocket.ConnectAsync(harness, conversation);
        foreach (var socket in new[] { first, second })
        {
            await socket.SendAsync(new { type = "audio.start", mode = "hands-free" });
            await socket.SendAsync(new { type = "ping" });
            Assert.Equal("pong", (await socket.ReceiveAsync()).GetProperty("type").GetString());
        }

        await third.SendAsync(new { type = "audio.start", mode = "hands-free" });
        var refused = await ErrorCodeAsync(third);
        await first.SendAsync(new { type = "audio.end" });
        var afterOneEnded = await Eventually.ReturnsAsync(async () =>
        {
            await third.SendAsync(new { type = "audio.start", mode = "hands-free" });
            await third.SendAsync(new { type = "ping" });
            var frame = await third.ReceiveAsync();
            if (frame.GetProperty("type").GetString() != "error")
            {
                return frame.GetProperty("type").GetString();
            }

            Assert.Equal("pong", (await third.ReceiveAsync()).GetProperty("type").GetString());
            return frame.GetProperty("data").GetProperty("code").GetString();
        }, answer => answer != "too_many_microphones", TimeSpan.FromSeconds(10));

        Assert.Equal("too_many_microphones", refused);
        Assert.Equal("pong", afterOneEnded);
    }

    [Fact]
    public async Task AnUtteranceOverTheMaximumLengthEndsWithAnErrorAndWhatWasHeardBecomesTheTurn()
    {
        await using var harness = await StartAsync(new Dictionary<string, string?> { ["Gateway__MaxUtteranceSeconds"] = "1" });
        using var socket = await GatewaySocket.ConnectAsync(harness, await harness.CreateConversationAsync());
        var pcm = WavWriter.DataOf(await clips.WavAsync(Spoken));

        await socket.SendAsync(new { type = "audio.start" });
        await socket.SendAudioAsync(pcm[..60_000]);
        await socket.SendAudioAsync(pcm[60_000..]);
        await socket.SendAsync(new { type = "audio.end" });
        var cut = await socket.ReceiveTurnAsync();
        var frames = await socket.ReceiveTurnAsync();

        Assert.Equal("utterance_too_long", cut[^1].GetProperty("data").GetProperty("code").GetString());
        Assert.Null(cut[^1].GetProperty("turnId").GetString());
        var final = Assert.Single(frames, f => f.GetProperty("type").GetString() == "transcription" && f.GetProperty("data").GetProperty("isFinal").GetBoolean());
        Assert.NotEmpty(final.GetProperty("data").GetProperty("text").GetString()!);
        Assert.Equal("complete", frames[^1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task AHandsFreeMicrophoneOpenPastItsSessionLimitIsClosedWithAnErrorFrameAndTheSocketStaysOpen()
    {
        await using var harness = await StartAsync(new Dictionary<string, string?> { ["Gateway__MaxHandsFreeSession"] = "00:00:02" });
        using var socket = await GatewaySocket.ConnectAsync(harness, await harness.CreateConversationAsync());
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var opened = DateTime.UtcNow;

        await socket.SendAsync(new { type = "audio.start", mode = "hands-free" });
        var sending = Task.Run(async () =>
        {
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            while (await pace.WaitForNextTickAsync(stopSending.Token))
            {
                await socket.SendAudioAsync(new byte[3_200]);
            }
        }, Token);
        string? code;
        do
        {
            var frame = await socket.ReceiveAsync();
            code = frame.GetProperty("type").GetString() == "error" ? frame.GetProperty("data").GetProperty("code").GetString() : null;
        }
        while (code is null);

        var closedAfter = DateTime.UtcNow - opened;
        await stopSending.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        Assert.Equal("hands_free_session_over", code);
        Assert.True(closedAfter >= TimeSpan.FromSeconds(2), $"closed after {closedAfter}");
        await socket.SendAsync(new { type = "ping" });
        while ((await socket.ReceiveAsync()).GetProperty("type").GetString() != "pong")
        {
        }
    }

    [Fact]
    public async Task ATypedTurnAskedToBeSpokenGetsItsAudioAsBinaryFramesAfterJsonHeaders()
    {
        await using var harness = await StartAsync();
        using var socket = await GatewaySocket.ConnectAsync(harness, await harness.CreateConversationAsync());

        await socket.SendAsync(new { type = "message", content = "Where is the station?", speak = true });
        var frames = await socket.ReceiveTurnAsync();

        var audio = frames.Where(f => f.GetProperty("type").GetString() == "audio").ToList();
        Assert.NotEmpty(audio);
        Assert.Equal(audio.Count, socket.BinaryAudioFrames);
        Assert.Equal("complete", frames[^1].GetProperty("type").GetString());
        Assert.True(frames[^1].GetProperty("data").GetProperty("timings").GetProperty("firstAudioMs").GetDouble() > 0);
    }

    [Fact]
    public async Task SpeakingOverASpokenReplyHandsFreeCancelsItAndTheStoredReplyIsWhatWasPlayed()
    {
        var script = Enumerable.Range(1, 60).SelectMany(n => new[] { $" Sentence {n}", " is spoken", " here." }).ToArray();
        await using var harness = await StartAsync(behaviour: new SyntheticLlmBehaviour { Script = script, TokenInterval = TimeSpan.FromMilliseconds(60) });
        using var socket = await GatewaySocket.ConnectAsync(harness, await harness.CreateConversationAsync());
        byte[] first = [.. new byte[300 * 32], .. WavWriter.DataOf(await clips.WavAsync(Second)).ToArray(), .. new byte[600 * 32]];

        await socket.SendAsync(new { type = "audio.start", mode = "hands-free" });
        await SendQuicklyAsync(socket, first);
        Guid? replying = null;
        while (replying is null)
        {
            var frame = await socket.ReceiveAsync();
            Assert.NotEqual("error", frame.GetProperty("type").GetString());
            // Speaking over it once its second sentence is being spoken leaves more audio than the client reports playing, however busy the machine.
            if (frame.GetProperty("type").GetString() == "audio" && frame.GetProperty("data").GetProperty("sentence").GetInt32() >= 1)
            {
                replying = frame.GetProperty("turnId").GetGuid();
            }
        }

        await SendQuicklyAsync(socket, WavWriter.DataOf(await clips.WavAsync(Spoken)).ToArray());
        var sawSpeech = false;
        JsonElement end;
        while (true)
        {
            var frame = await socket.ReceiveAsync();
            var type = frame.GetProperty("type").GetString();
            sawSpeech |= type == "speech" && frame.GetProperty("data").GetProperty("event").GetString() == "started";
            if (type is "complete" or "error" && frame.GetProperty("turnId").GetString() == replying.ToString())
            {
                end = frame;
                break;
            }
        }

        Assert.True(sawSpeech);
        Assert.True(end.GetProperty("type").GetString() == "complete", end.GetRawText());
        Assert.Equal("cancelled", end.GetProperty("data").GetProperty("status").GetString());
        await socket.SendAsync(new { type = "played", turnId = replying, audioMs = 1_000 });
        JsonElement truncated;
        do
        {
            truncated = await socket.ReceiveAsync();
        }
        while (truncated.GetProperty("type").GetString() != "truncated");

        var heard = truncated.GetProperty("data").GetProperty("text").GetString()!;
        Assert.StartsWith("Sentence 1", heard, StringComparison.Ordinal);
        Assert.True(heard.Length < end.GetProperty("data").GetProperty("text").GetString()!.Trim().Length, heard);
        Assert.Equal(("interrupted", heard), await harness.StoredReplyAsync(replying.Value));
    }

    private static async Task SendQuicklyAsync(GatewaySocket socket, byte[] pcm)
    {
        for (var offset = 0; offset < pcm.Length; offset += 32_000)
        {
            await socket.SendAudioAsync(pcm.AsMemory(offset, Math.Min(32_000, pcm.Length - offset)));
        }
    }

    private static bool IsPartial(JsonElement frame) =>
        frame.GetProperty("type").GetString() == "transcription" && !frame.GetProperty("data").GetProperty("isFinal").GetBoolean();

    private static async Task<string?> ErrorCodeAsync(GatewaySocket socket)
    {
        var frame = await socket.ReceiveAsync();
        Assert.Equal("error", frame.GetProperty("type").GetString());
        return frame.GetProperty("data").GetProperty("code").GetString();
    }

    private Task<GatewayHarness> StartAsync(IDictionary<string, string?>? extra = null, SyntheticLlmBehaviour? behaviour = null)
    {
        var settings = new Dictionary<string, string?>(speech.GatewaySettings);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return GatewayHarness.StartAsync(environment, behaviour ?? new SyntheticLlmBehaviour { Script = Reply, TokenInterval = TimeSpan.FromMilliseconds(20) }, settings: settings);
    }
}
