using Platform.Testing;
using Platform.Contracts.Grpc;
using Grpc.Core;
using Google.Protobuf;
using Platform.Contracts.Stt;
using Platform.SttService.Recognition;

namespace Platform.SttService.Tests.Recognition;

/// <summary>Every event of one Transcribe call, in the order they arrived.</summary>
public sealed record Transcription(IReadOnlyList<TranscriptEvent> Events)
{
    public IReadOnlyList<TranscriptEvent> Partials => [.. Events.Where(e => !e.IsFinal)];

    public TranscriptEvent Final => Assert.Single(Events, e => e.IsFinal);

    public static TranscribeRequest Wav(byte[] audio, string language = "") =>
        new() { Audio = ByteString.CopyFrom(audio), Format = AudioFormat.Wav, Language = language };

    public static TranscribeRequest Pcm16k(ReadOnlyMemory<byte> audio) =>
        new() { Audio = ByteString.CopyFrom(audio.Span), Format = AudioFormat.Pcm1616K };

    public static async Task<Transcription> CollectAsync(CallInvoker channel, TranscribeRequest request, TimeSpan? timeout = null)
    {
        var events = new List<TranscriptEvent>();
        var options = Calls.WithTimeout(timeout ?? TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await foreach (var transcriptEvent in new Stt.SttClient(channel).Transcribe(request, options).ResponsesAsync())
        {
            events.Add(transcriptEvent);
        }

        return new Transcription(events);
    }

    public static async Task<RpcException> FailureAsync(CallInvoker channel, TranscribeRequest request) =>
        await Assert.ThrowsAsync<RpcException>(() => CollectAsync(channel, request));
}
