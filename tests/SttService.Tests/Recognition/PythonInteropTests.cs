using Platform.Contracts.Stt;
using Platform.Testing.Grpc;
using Platform.Testing.Speech;

namespace Platform.SttService.Tests.Recognition;

/// <summary>Debian's python3-grpcio, a reference gRPC implementation, calling the running SttService.</summary>
public sealed class PythonInteropTests(SharedSttServer shared, SpeechClips clips)
{
    private const string Sentence = "Can you help me find the nearest hospital?";

    [Fact]
    public async Task TranscribeStreamsPartialsThenAFinalTranscriptWithStatusOk()
    {
        var wav = await clips.WavAsync(Sentence);

        var call = await PythonGrpcClient.RunAsync(shared.Server.Target, "stream", "/platform.stt.v1.Stt/Transcribe", Transcription.Wav(wav));

        Assert.Equal("OK", call.Code);
        var final = Assert.Single(call.Parse(TranscriptEvent.Parser), e => e.IsFinal);
        Assert.True(WordErrorRate.Of(Sentence, final.Text) <= 0.5, $"'{final.Text}'");
        Assert.True(await shared.Server.IsReadyAsync());
    }
}
