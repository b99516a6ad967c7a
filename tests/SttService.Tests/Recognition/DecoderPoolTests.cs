using Platform.Testing;
using Platform.Contracts.Grpc;
using Grpc.Core;
using System.Diagnostics;
using System.Globalization;
using Platform.Contracts.Stt;
using Platform.SttService.Recognition;
using Platform.Testing.Speech;

namespace Platform.SttService.Tests.Recognition;

/// <summary>
/// One decoder and room for one waiting call, so a long decode holds the only decoder: cancelling it must free the
/// decoder at once, and a call beyond the queue must be refused.
/// </summary>
public sealed class DecoderPoolTests(SpeechClips clips) : IAsyncLifetime
{
    private const string Sentence = "Where is the bus station?";
    private SttServer server = null!;

    public async ValueTask InitializeAsync() => server = await SttServer.StartAsync(new Dictionary<string, string?>
    {
        ["Stt:Decoders"] = "1",
        ["Stt:QueueCapacity"] = "1",
        ["Stt:MaxAudioSeconds"] = "600",
    });

    public ValueTask DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task CancellingALongDecodeFreesTheDecoderForTheNextCallLongBeforeThatDecodeWouldHaveEnded()
    {
        var wav = await clips.WavAsync(Sentence);
        var measured = (await Transcription.CollectAsync(server.Channel, Transcription.Wav(wav))).Final;
        var realTimeFactor = (double)measured.DecodeMs / measured.AudioMs;
        var (longRequest, longAudio) = await FourMinutesOfSpeechAsync();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var call = new Stt.SttClient(server.Channel).Transcribe(longRequest, Calls.WithTimeout(TimeSpan.FromMinutes(5), cancellation.Token)).ResponsesAsync(cancellation.Token);
        TranscriptEvent first;
        await using (var events = call.GetAsyncEnumerator(cancellation.Token))
        {
            Assert.True(await events.MoveNextAsync(), "the long call sent nothing");
            first = events.Current;
            cancellation.Cancel();
        }

        var next = Stopwatch.StartNew();
        var final = (await Transcription.CollectAsync(server.Channel, Transcription.Wav(wav))).Final;
        next.Stop();

        var remaining = TimeSpan.FromMilliseconds((longAudio.TotalMilliseconds - first.AudioMs) * realTimeFactor);
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"cancelled after {first.AudioMs} of {longAudio.TotalMilliseconds} ms; the next call finished in {next.ElapsedMilliseconds} ms; at RTF {realTimeFactor:0.00} the rest of the long decode would have taken about {remaining.TotalSeconds:0.0} s"));
        Assert.Equal(measured.Text, final.Text);
        Assert.True(next.Elapsed * 3 < remaining, $"the next call took {next.Elapsed}, the long decode had about {remaining} left");
        Assert.Equal(1, server.Pool.Size);
    }

    [Fact]
    public async Task WithTheDecoderBusyAndTheQueueFullAFurtherCallIsRefusedAndTheQueuedOneRunsAfterwards()
    {
        var (longRequest, _) = await FourMinutesOfSpeechAsync();
        var wav = await clips.WavAsync(Sentence);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var longCall = new Stt.SttClient(server.Channel).Transcribe(longRequest, Calls.WithTimeout(TimeSpan.FromMinutes(5), cancellation.Token)).ResponsesAsync(cancellation.Token);
        var events = longCall.GetAsyncEnumerator(cancellation.Token);
        Assert.True(await events.MoveNextAsync(), "the long call sent nothing");

        // The decoder is busy; of two more calls one takes the only place in the queue and the other is refused,
        // whichever arrives first.
        var second = Outcome(Transcription.CollectAsync(server.Channel, Transcription.Wav(wav)));
        var third = Outcome(Transcription.CollectAsync(server.Channel, Transcription.Wav(wav)));
        var refused = await Task.WhenAny(second, third);
        var failure = Assert.IsType<RpcException>((await refused).Failure);
        Assert.Equal(StatusCode.ResourceExhausted, failure.StatusCode);
        Assert.Contains("Stt:QueueCapacity", failure.Status.Detail, StringComparison.Ordinal);

        await cancellation.CancelAsync();
        await events.DisposeAsync();
        var queued = await (refused == second ? third : second);
        Assert.True(queued.Failure is null, $"the queued call failed: {queued.Failure?.Status}");
        Assert.Equal("where is the bus station", queued.Transcription!.Final.Text);
    }

    private async Task<(TranscribeRequest Request, TimeSpan Duration)> FourMinutesOfSpeechAsync()
    {
        var speech = WavWriter.DataOf(await clips.WavAsync("I would like to order a large pizza.")).ToArray();
        var samples = new short[16_000 * 240];
        var sentence = new short[speech.Length / 2];
        Buffer.BlockCopy(speech, 0, sentence, 0, speech.Length);
        for (var offset = 0; offset < samples.Length; offset += sentence.Length)
        {
            sentence.AsSpan(0, Math.Min(sentence.Length, samples.Length - offset)).CopyTo(samples.AsSpan(offset));
        }

        return (Transcription.Wav(WavWriter.Pcm16(samples, 16_000, 1)), TimeSpan.FromSeconds(240));
    }

    private static async Task<(Transcription? Transcription, RpcException? Failure)> Outcome(Task<Transcription> call)
    {
        try
        {
            return (await call, null);
        }
        catch (RpcException ex)
        {
            return (null, ex);
        }
    }
}
