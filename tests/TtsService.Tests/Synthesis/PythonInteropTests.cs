using System.Diagnostics;
using System.Globalization;
using Platform.Contracts.Tts;
using Platform.Testing.Grpc;
using Platform.TtsService.Synthesis;

namespace Platform.TtsService.Tests.Synthesis;

/// <summary>Debian's python3-grpcio, a reference gRPC implementation, calling the running TtsService.</summary>
public sealed class PythonInteropTests(SharedTtsServer shared)
{
    private const string Synthesize = "/platform.tts.v1.Tts/Synthesize";

    private static SynthesizeRequest Long => Speech.Request(string.Join(' ', Texts.Passage, Texts.Passage, Texts.Passage));

    [Fact]
    public async Task SynthesizeStreamsAudioWithStatusOk()
    {
        var call = await PythonGrpcClient.RunAsync(shared.Server.Target, "stream", Synthesize, Speech.Request(Texts.Sentence));

        Assert.Equal("OK", call.Code);
        var chunks = call.Parse(AudioChunk.Parser);
        Assert.True(chunks.Sum(chunk => chunk.Pcm.Length) > 16_000, call.ToString());
        Assert.True(chunks[^1].Last);
        Assert.True(await shared.Server.IsReadyAsync());
    }

    [Fact]
    public async Task CancelAfterThreeMessagesStopsTheSynthesisAtTheServiceWhichStaysReady()
    {
        var spans = new List<Activity>();
        using var listener = SynthesisSpans.Listen(spans);

        // A text of its own: the listener hears every synthesis in this process, and other tests cancel theirs too.
        var request = Speech.Request(string.Join(' ', Texts.Passage, Texts.Passage, Texts.Passage, "Python stops this one."));

        var call = await PythonGrpcClient.RunAsync(shared.Server.Target, "cancel", Synthesize, request, "3");

        Assert.Equal("CANCELLED", call.Code);
        Assert.Equal(3, call.Messages.Count);
        var span = await SynthesisSpans.WaitForAsync(spans, span => span.GetTagItem("tts.cancelled") is true && span.GetTagItem("tts.text_length") is int length && length == request.Text.Length);
        var seen = Assert.Single(span.Events, e => e.Name == SynthesisTelemetry.CancelledEvent).Timestamp;
        var delay = seen - call.CancelledAt!.Value;
        // How soon is a figure for the voice benchmarks to print, not a bound to assert on a shared machine.
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture, $"the service saw the cancel {delay.TotalMilliseconds:0.0} ms after python cancelled"));
        Assert.True(delay.TotalMilliseconds > -5, $"the service reported a cancel {-delay.TotalMilliseconds:0.0} ms before python sent it");
        Assert.True(await shared.Server.IsReadyAsync());
    }

    [Fact]
    public async Task DeadlineOf200MsIsDeadlineExceededAndTheServiceStaysHealthy()
    {
        var call = await PythonGrpcClient.RunAsync(shared.Server.Target, "deadline", Synthesize, Long, "0.2");

        Assert.Equal("DEADLINE_EXCEEDED", call.Code);
        Assert.InRange(call.Elapsed!.Value.TotalSeconds, 0.15, 2.0);
        Assert.True(await shared.Server.IsReadyAsync());
    }
}
