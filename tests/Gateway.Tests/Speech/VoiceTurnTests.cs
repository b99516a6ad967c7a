using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing.Speech;
using Platform.Testing.SyntheticLlm;

namespace Platform.Gateway.Tests.Speech;

/// <summary>
/// Voice turns with the real speech engines: flite speaks the user's sentence, pocketsphinx hears it, and TtsService
/// speaks the reply, which a synthetic source writes as four sentences.
/// </summary>
public sealed class VoiceTurnTests(GatewayEnvironment environment, SpeechServices speech, SpeechClips clips) : IClassFixture<SpeechServices>
{
    private const string Spoken = "What time does the train leave?";
    private static readonly string[] Reply = ["The train", " leaves at noon.", " It is on time.", " Platform two", " is the one.", " Have a good trip!"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AVoiceTurnOverSseIsHeardAnsweredAndSpokenWithTheFirstAudioBeforeTheEnd()
    {
        await using var harness = await StartAsync();
        var conversation = await harness.CreateConversationAsync();

        using var response = await PostAudioAsync(harness, conversation, await clips.WavAsync(Spoken), "audio/wav");
        var events = await SseReader.ReadAsync(await response.Content.ReadAsStreamAsync(Token), Token).Where(e => e.Type != "comment").ToListAsync(Token);

        var final = events.Single(e => e.Type == "transcription" && e.Json.GetProperty("isFinal").GetBoolean());
        var heard = final.Json.GetProperty("text").GetString()!;
        Assert.True(WordErrorRate.Of(Spoken, heard) <= 0.25, $"heard '{heard}'");
        var tokens = events.FindIndex(e => e.Type == "token");
        var firstAudio = events.FindIndex(e => e.Type == "audio");
        var completed = events.FindIndex(e => e.Type == "turn.completed");
        Assert.True(events.IndexOf(final) < tokens && tokens < completed, string.Join(",", events.Select(e => e.Type)));
        Assert.True(firstAudio > 0 && firstAudio < completed);
        AssertAudioInOrder(events.Where(e => e.Type == "audio").Select(e => e.Json).ToList(), sentences: 4);
        var timings = events[completed].Json.GetProperty("timings");
        Assert.True(timings.GetProperty("sttMs").GetDouble() > 0);
        Assert.True(timings.GetProperty("firstAudioMs").GetDouble() < timings.GetProperty("totalMs").GetDouble());
        var details = await harness.Client().GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", Token);
        Assert.Equal(heard, details.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task AVoiceTurnOverTheWebSocketWithAudioStreamedAtRealTimePaceIsHeardAndSpoken()
    {
        await using var harness = await StartAsync();
        using var socket = await GatewaySocket.ConnectAsync(harness, await harness.CreateConversationAsync());
        var pcm = WavWriter.DataOf(await clips.WavAsync(Spoken));

        await socket.SendAsync(new { type = "audio.start" });
        for (var offset = 0; offset < pcm.Length; offset += 3_200)
        {
            await socket.SendAudioAsync(pcm.Slice(offset, Math.Min(3_200, pcm.Length - offset)));
            await Task.Delay(100, Token);
        }

        await socket.SendAsync(new { type = "audio.end" });
        var frames = await socket.ReceiveTurnAsync();

        var final = frames.Single(f => f.GetProperty("type").GetString() == "transcription" && f.GetProperty("data").GetProperty("isFinal").GetBoolean());
        Assert.True(WordErrorRate.Of(Spoken, final.GetProperty("data").GetProperty("text").GetString()!) <= 0.25);
        AssertAudioInOrder(frames.Where(f => f.GetProperty("type").GetString() == "audio").Select(f => f.GetProperty("data")).ToList(), sentences: 4);
        Assert.Equal("complete", frames[^1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task BargeInStopsTokensAndAudioAtOnceAndStoresExactlyWhatWasSent()
    {
        await using var harness = await StartAsync(new SyntheticLlmBehaviour { Tokens = 400, TokenInterval = TimeSpan.FromMilliseconds(15) });
        var conversation = await harness.CreateConversationAsync();
        using var socket = await GatewaySocket.ConnectAsync(harness, conversation);
        var pcm = WavWriter.DataOf(await clips.WavAsync(Spoken));

        await socket.SendAsync(new { type = "audio.start" });
        await socket.SendAudioAsync(pcm);
        await socket.SendAsync(new { type = "audio.end" });
        var frames = new List<JsonElement>();
        var cancelled = false;
        while (true)
        {
            var frame = await socket.ReceiveAsync();
            frames.Add(frame);
            var type = frame.GetProperty("type").GetString();
            if (!cancelled && type == "audio")
            {
                cancelled = true;
                await socket.SendAsync(new { type = "cancel" });
            }

            if (type is "complete" or "error")
            {
                break;
            }
        }

        await socket.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await socket.ReceiveAsync()).GetProperty("type").GetString());
        var complete = frames[^1];
        Assert.Equal("cancelled", complete.GetProperty("data").GetProperty("status").GetString());
        var sent = string.Concat(frames.Where(f => f.GetProperty("type").GetString() == "chunk").Select(f => f.GetProperty("data").GetProperty("text").GetString()));
        Assert.Equal(sent, complete.GetProperty("data").GetProperty("text").GetString());
        var stored = await harness.StoredReplyAsync(complete.GetProperty("turnId").GetGuid());
        Assert.Equal(("cancelled", sent), stored);
    }

    [Fact]
    public async Task UnusableAudioIsRefusedClearlyAndA48kHzStereoRecordingIsHeard()
    {
        await using var harness = await StartAsync();
        var conversation = await harness.CreateConversationAsync();

        using var text = await PostAudioAsync(harness, conversation, Encoding.UTF8.GetBytes("this is not audio"), "text/plain");
        using var textAsWav = await PostAudioAsync(harness, conversation, Encoding.UTF8.GetBytes("this is not audio either"), "audio/wav");
        using var empty = await PostAudioAsync(harness, conversation, [], "audio/wav");
        using var tenMinutes = await PostAudioAsync(harness, conversation, WavWriter.Pcm16(new short[16_000 * 600], 16_000, 1), "audio/wav");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, textAsWav.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tenMinutes.StatusCode);
        Assert.All(new[] { text, textAsWav, empty, tenMinutes }, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));

        using var stereo = await PostAudioAsync(harness, conversation, await clips.WavAsync(Spoken, 48_000, 2), "audio/wav");
        var heard = (await SseReader.ReadAsync(await stereo.Content.ReadAsStreamAsync(Token), Token).ToListAsync(Token))
            .Single(e => e.Type == "transcription" && e.Json.GetProperty("isFinal").GetBoolean()).Json.GetProperty("text").GetString()!;
        Assert.True(WordErrorRate.Of(Spoken, heard) <= 0.25, $"heard '{heard}'");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WhatTheEnginesRefuseIsAClientErrorWhetherTheTurnIsAnsweredOnceOrStreamed(bool streamed)
    {
        await using var harness = await StartAsync();
        var speech = WavWriter.Create(WavWriter.DataOf(await clips.WavAsync(Spoken)).Span, 16_000, 1, 16, formatTag: 1);

        var french = await AnswerAsync(harness, speech, streamed, language: "fr");
        var silence = await AnswerAsync(harness, WavWriter.Pcm16(new short[16_000], 16_000, 1), streamed);
        var badHeaders = new List<(string Header, HttpStatusCode Status, string Body)>();
        foreach (var (header, offset, value) in new (string, int, uint)[]
        {
            ("0 Hz", 24, 0), ("2147483649 Hz", 24, 2_147_483_649), ("0 channels", 22, 0), ("65535 channels", 22, ushort.MaxValue), ("8-bit", 34, 8), ("32-bit float", 20, 3),
        })
        {
            var wav = speech.ToArray();
            if (offset == 24)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(offset), value);
            }
            else
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(offset), (ushort)value);
            }

            var (status, body) = await AnswerAsync(harness, wav, streamed);
            badHeaders.Add((header, status, body));
        }

        var truncated = await AnswerAsync(harness, speech[..38], streamed);

        Assert.Equal(HttpStatusCode.BadRequest, french.Status);
        Assert.Contains("'fr'", french.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, silence.Status);
        Assert.Contains("no_speech", silence.Body, StringComparison.Ordinal);
        Assert.All(badHeaders, bad =>
        {
            Assert.True(bad.Status == HttpStatusCode.BadRequest, $"{bad.Header}: {(int)bad.Status} {bad.Body}");
            Assert.Contains(bad.Header, bad.Body, StringComparison.Ordinal);
        });
        Assert.Equal(HttpStatusCode.BadRequest, truncated.Status);
        Assert.Contains("no data chunk", truncated.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownVoiceEndsTheTurnWithAnErrorThatNamesTheVoices()
    {
        await using var harness = await StartAsync();
        var conversation = await harness.CreateConversationAsync();

        using var response = await PostAudioAsync(harness, conversation, await clips.WavAsync(Spoken), "audio/wav", voice: "no-such-voice");
        var events = await SseReader.ReadAsync(await response.Content.ReadAsStreamAsync(Token), Token).ToListAsync(Token);

        var error = events[^1];
        Assert.Equal("error", error.Type);
        Assert.Equal("tts_rejected", error.Json.GetProperty("code").GetString());
        Assert.False(error.Json.GetProperty("retryable").GetBoolean());
        Assert.Contains("slt", error.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private Task<GatewayHarness> StartAsync(SyntheticLlmBehaviour? behaviour = null) =>
        GatewayHarness.StartAsync(environment, behaviour ?? new SyntheticLlmBehaviour { Script = Reply, TokenInterval = TimeSpan.FromMilliseconds(20) }, settings: speech.GatewaySettings);

    /// <summary>A voice turn on a conversation of its own, answered once as JSON or asked for as an event stream; its status, and its problem's code and detail.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> AnswerAsync(GatewayHarness harness, byte[] wav, bool streamed, string? language = null)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(wav);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse("audio/wav");
        form.Add(part, "audio", "speech.wav");
        if (language is not null)
        {
            form.Add(new StringContent(language), "language");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{await harness.CreateConversationAsync()}/turns") { Content = form };
        if (streamed)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        using var response = await harness.Client().SendAsync(request, Token);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        var code = problem.TryGetProperty("code", out var given) ? given.GetString() : null;
        return (response.StatusCode, $"{code}: {problem.GetProperty("detail").GetString()}");
    }

    private static async Task<HttpResponseMessage> PostAudioAsync(GatewayHarness harness, Guid conversation, byte[] audio, string contentType, string? voice = null)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(audio);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(part, "audio", "speech.wav");
        if (voice is not null)
        {
            form.Add(new StringContent(voice), "voice");
        }

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversation}/turns") { Content = form };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.ExpectContinue = audio.Length > 1_000_000;
        return await harness.Client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
    }

    private static void AssertAudioInOrder(IReadOnlyList<JsonElement> audio, int sentences)
    {
        Assert.True(audio.Count >= sentences, $"{audio.Count} audio events");
        var order = audio.Select(a => (Sentence: a.GetProperty("sentence").GetInt32(), Chunk: a.GetProperty("chunk").GetInt32())).ToList();
        Assert.Equal(order.OrderBy(o => o.Sentence).ThenBy(o => o.Chunk), order);
        Assert.True(order.Select(o => o.Sentence).Distinct().Count() >= sentences);
        Assert.All(audio, a => Assert.Equal(16_000, a.GetProperty("sampleRate").GetInt32()));
        Assert.True(audio.Sum(a => Convert.FromBase64String(a.GetProperty("data").GetString()!).Length) > 16_000);
    }
}
