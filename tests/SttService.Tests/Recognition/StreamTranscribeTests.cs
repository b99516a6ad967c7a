using System.Globalization;
using Grpc.Core;
using Platform.Contracts.Stt;
using Platform.Testing.Grpc;
using Platform.Testing.Speech;

namespace Platform.SttService.Tests.Recognition;

/// <summary>StreamTranscribe over gRPC on the real decoders, with flite speech sent as a microphone would send it.</summary>
public sealed class StreamTranscribeTests(StreamingSttServer shared, SpeechClips clips) : IClassFixture<StreamingSttServer>
{
    private const string Sentence = "Can you help me find the nearest hospital?";
    private const string Second = "Where is the bus station?";

    [Fact]
    public async Task SpeechSentAtRealTimePaceGetsPartialsBeforeTheEndMarkerThenTheFinal()
    {
        var pcm = WavWriter.DataOf(await clips.WavAsync(Sentence));

        var result = await StreamedTranscription.RunAsync(shared.Server.Channel, StreamedTranscription.Pcm(EndpointMode.Manual), pcm, realTime: true, partialsBeforeEnd: 2);

        Assert.NotNull(result.EventsBeforeEnd);
        var early = result.Events.Take(result.EventsBeforeEnd.Value).Where(e => !e.IsFinal && e.Speech == SpeechEvent.None).ToList();
        Assert.True(early.Count >= 2, $"{early.Count} partials before the end marker");
        var final = Assert.Single(result.Finals);
        Assert.Equal(EndReason.EndMarker, final.EndReason);
        Assert.True(WordErrorRate.Of(Sentence, final.Text) <= 0.5, $"'{final.Text}'");
        Assert.Equal(pcm.Length / 32, final.AudioMs);
    }

    [Fact]
    public async Task PythonGrpcioFeedingAtRealTimePaceGetsPartialsBeforeTheEndAndThenTheFinal()
    {
        var pcm = WavWriter.DataOf(await clips.WavAsync(Sentence));
        var requests = new List<AudioInput> { new() { Config = StreamedTranscription.Pcm(EndpointMode.Manual) } };
        for (var offset = 0; offset < pcm.Length; offset += 3200)
        {
            requests.Add(new AudioInput { Audio = Google.Protobuf.ByteString.CopyFrom(pcm.Span.Slice(offset, Math.Min(3200, pcm.Length - offset))) });
        }

        requests.Add(new AudioInput { End = new AudioEnd() });

        // Speech started and two partials; the C# client above waits for its partials the same way.
        var call = await PythonGrpcClient.RunBidiAsync(shared.Server.Target, "/platform.stt.v1.Stt/StreamTranscribe", requests, TimeSpan.FromMilliseconds(100), receivedBeforeLast: 3);

        Assert.Equal("OK", call.Code);
        var events = call.Parse(TranscriptEvent.Parser);
        var early = events.Take(call.ReceivedBeforeLast!.Value).Count(e => !e.IsFinal && e.Speech == SpeechEvent.None);
        Assert.True(early >= 2, $"{early} partials before the end marker: {string.Join(" | ", events)}");
        Assert.Contains(events, e => e.Speech == SpeechEvent.Started);
        var final = Assert.Single(events, e => e.IsFinal);
        Assert.Equal(EndReason.EndMarker, final.EndReason);
        Assert.True(WordErrorRate.Of(Sentence, final.Text) <= 0.5, $"'{final.Text}'");
    }

    [Fact]
    public async Task PartialsComeOnlyWhenTheHypothesisChangesAndAtMostOncePerStep()
    {
        var pcm = WavWriter.DataOf(await clips.WavAsync(Sentence));

        var result = await StreamedTranscription.RunAsync(shared.Server.Channel, StreamedTranscription.Pcm(EndpointMode.Manual), pcm, realTime: false, frameMs: 20);

        var partials = result.Partials;
        Assert.NotEmpty(partials);
        Assert.All(partials.Zip(partials.Skip(1)), pair => Assert.NotEqual(pair.First.Text, pair.Second.Text));
        Assert.All(partials.Zip(partials.Skip(1)), pair => Assert.True(pair.Second.AudioMs - pair.First.AudioMs >= 100, $"{pair.First.AudioMs} -> {pair.Second.AudioMs} ms"));
    }

    [Fact]
    public async Task TheEndpointerEndsTheUtteranceAfterTheTrailingSilenceWithoutAnEndMarker()
    {
        var speech = WavWriter.DataOf(await clips.WavAsync(Sentence));
        var pcm = StreamedTranscription.Concat(StreamedTranscription.Silence(500), speech, StreamedTranscription.Silence(3000));

        var result = await StreamedTranscription.RunAsync(shared.Server.Channel, StreamedTranscription.Pcm(EndpointMode.Single), pcm, realTime: false);

        var final = Assert.Single(result.Finals);
        Assert.Equal(EndReason.Endpoint, final.EndReason);
        Assert.True(WordErrorRate.Of(Sentence, final.Text) <= 0.5, $"'{final.Text}'");
        var started = Assert.Single(result.SpeechEvents, e => e.Speech == SpeechEvent.Started);
        var ended = Assert.Single(result.SpeechEvents, e => e.Speech == SpeechEvent.Ended);
        var speechMs = speech.Length / 32;
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"speech {speechMs} ms from 500 ms: started at {started.SpeechMs} ms, ended at {ended.SpeechMs} ms, final at {final.AudioMs} ms of audio"));
        Assert.InRange(started.SpeechMs, 500, 500 + 400);
        Assert.InRange(ended.SpeechMs, 500 + speechMs - 600, 500 + speechMs);
        Assert.InRange(final.AudioMs, ended.SpeechMs + 300, ended.SpeechMs + 300 + 100);
    }

    [Fact]
    public async Task HandsFreeModeMakesOneFinalPerUtteranceAndListensOn()
    {
        var pcm = StreamedTranscription.Concat(
            StreamedTranscription.Silence(300),
            WavWriter.DataOf(await clips.WavAsync(Sentence)),
            StreamedTranscription.Silence(1200),
            WavWriter.DataOf(await clips.WavAsync(Second)),
            StreamedTranscription.Silence(1200));

        var result = await StreamedTranscription.RunAsync(shared.Server.Channel, StreamedTranscription.Pcm(EndpointMode.Continuous), pcm, realTime: false);

        Assert.NotNull(result.EventsBeforeEnd);
        var finals = result.Finals;
        Assert.Equal(3, finals.Count);
        Assert.Equal([EndReason.Endpoint, EndReason.Endpoint, EndReason.EndMarker], finals.Select(f => f.EndReason));
        Assert.Equal([0, 1, 2], finals.Select(f => f.Utterance));
        Assert.True(WordErrorRate.Of(Sentence, finals[0].Text) <= 0.5, $"'{finals[0].Text}'");
        Assert.True(WordErrorRate.Of(Second, finals[1].Text) <= 0.5, $"'{finals[1].Text}'");
        Assert.Equal(string.Empty, finals[2].Text);
        Assert.Equal(2, result.SpeechEvents.Count(e => e.Speech == SpeechEvent.Started));
    }

    [Fact]
    public async Task AnUtteranceOverItsMaximumLengthEndsThereKeepingWhatWasRecognised()
    {
        var pcm = WavWriter.DataOf(await clips.WavAsync(Sentence));

        var result = await StreamedTranscription.RunAsync(shared.Server.Channel, StreamedTranscription.Pcm(EndpointMode.Manual, maxUtteranceMs: 1500), pcm, realTime: false);

        var final = Assert.Single(result.Finals);
        Assert.Equal(EndReason.MaxLength, final.EndReason);
        Assert.NotEmpty(final.Text);
        Assert.StartsWith(final.Text.Split(' ')[0], Sentence, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AWavFileSentInPiecesIsReadAtTheEndMarkerAndTranscribed()
    {
        var wav = await clips.WavAsync(Sentence, sampleRate: 22_050);
        var config = new StreamConfig { Format = AudioFormat.Wav, Endpointing = new Endpointing { Mode = EndpointMode.Manual } };

        var result = await StreamedTranscription.RunAsync(shared.Server.Channel, config, wav, realTime: false, frameMs: 200);

        var final = Assert.Single(result.Finals);
        Assert.True(WordErrorRate.Of(Sentence, final.Text) <= 0.5, $"'{final.Text}'");
    }

    [Fact]
    public async Task AudioBeforeTheConfigIsRefusedWithInvalidArgument()
    {
        using var call = new Stt.SttClient(shared.Server.Channel).StreamTranscribe(cancellationToken: TestContext.Current.CancellationToken);
        await call.RequestStream.WriteAsync(new AudioInput { Audio = Google.Protobuf.ByteString.CopyFrom(new byte[3200]) }, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("config", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOddNumberOfBytesIsRefusedWithInvalidArgumentNamingSamples()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            StreamedTranscription.RunAsync(shared.Server.Channel, StreamedTranscription.Pcm(EndpointMode.Manual), new byte[3201], realTime: false, frameMs: 200));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("whole number of PCM16 samples", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(await shared.Server.IsReadyAsync());
    }

    [Fact]
    public async Task APartialThatHoldsThroughTheTrailingSilenceIsSentOnceMarkedStableBeforeTheFinalThatSaysTheSame()
    {
        var speech = WavWriter.DataOf(await clips.WavAsync(Sentence));
        var pcm = StreamedTranscription.Concat(StreamedTranscription.Silence(300), speech, StreamedTranscription.Silence(2000));

        var result = await StreamedTranscription.RunAsync(shared.Server.Channel, StreamedTranscription.Pcm(EndpointMode.Single, trailingSilenceMs: 1000, stablePartialMs: 150), pcm, realTime: false);

        var stable = Assert.Single(result.Stables);
        var final = Assert.Single(result.Finals);
        Assert.Equal(EndReason.Endpoint, final.EndReason);
        Assert.Equal(final.Text, stable.Text);
        Assert.False(stable.IsFinal);
        Assert.True(result.Events.ToList().IndexOf(stable) < result.Events.ToList().IndexOf(final));
        var ended = Assert.Single(result.SpeechEvents, e => e.Speech == SpeechEvent.Ended);
        Assert.InRange(stable.AudioMs, ended.SpeechMs + 150, ended.SpeechMs + 1000);
        Assert.DoesNotContain(result.Partials, p => p.Stable);
    }

    [Fact]
    public async Task AStablePartialIsNoPromiseWhenSpeechGoesOnAfterAShortPauseTheFinalSaysMore()
    {
        var first = WavWriter.DataOf(await clips.WavAsync(Second));
        var second = WavWriter.DataOf(await clips.WavAsync(Sentence));
        var pcm = StreamedTranscription.Concat(StreamedTranscription.Silence(300), first, StreamedTranscription.Silence(500), second, StreamedTranscription.Silence(2000));

        var result = await StreamedTranscription.RunAsync(shared.Server.Channel, StreamedTranscription.Pcm(EndpointMode.Single, trailingSilenceMs: 1200, stablePartialMs: 150), pcm, realTime: false);

        var final = Assert.Single(result.Finals);
        Assert.True(result.Stables.Count >= 2, $"stable partials: {string.Join(" | ", result.Stables.Select(s => s.Text))}");
        Assert.True(WordErrorRate.Of(Second, result.Stables[0].Text) <= 0.5, $"'{result.Stables[0].Text}'");
        Assert.NotEqual(final.Text, result.Stables[0].Text);
        Assert.True(WordErrorRate.Of($"{Second} {Sentence}", final.Text) <= 0.5, $"'{final.Text}'");
    }

    [Fact]
    public async Task NoStablePartialIsSentUnlessTheCallAsksForOne()
    {
        var speech = WavWriter.DataOf(await clips.WavAsync(Sentence));
        var pcm = StreamedTranscription.Concat(StreamedTranscription.Silence(300), speech, StreamedTranscription.Silence(2000));

        var result = await StreamedTranscription.RunAsync(shared.Server.Channel, StreamedTranscription.Pcm(EndpointMode.Single, trailingSilenceMs: 1000), pcm, realTime: false);

        Assert.Single(result.Finals);
        Assert.Empty(result.Stables);
    }

    [Theory]
    [InlineData(AudioFormat.Unspecified, 0, 0, 0, "StreamTranscribe takes")]
    [InlineData(AudioFormat.Pcm1616K, 20, 0, 0, "trailing_silence_ms")]
    [InlineData(AudioFormat.Pcm1616K, 0, 61_000, 0, "max_utterance_ms")]
    [InlineData(AudioFormat.Pcm1616K, 0, 0, 5, "stable_partial_ms")]
    [InlineData(AudioFormat.Pcm1616K, 0, 0, -1, "stable_partial_ms")]
    public async Task AConfigTheServiceCannotHonourIsRefusedNamingTheField(AudioFormat format, int trailingSilenceMs, int maxUtteranceMs, int stablePartialMs, string named)
    {
        var config = new StreamConfig { Format = format, Endpointing = new Endpointing { TrailingSilenceMs = trailingSilenceMs, MaxUtteranceMs = maxUtteranceMs, StablePartialMs = stablePartialMs } };

        var error = await Assert.ThrowsAsync<RpcException>(() => StreamedTranscription.RunAsync(shared.Server.Channel, config, new byte[3200], realTime: false));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
    }
}
