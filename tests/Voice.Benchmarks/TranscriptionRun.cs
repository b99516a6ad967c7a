using Platform.Contracts.Grpc;
using Grpc.Core;
using System.Diagnostics;
using Google.Protobuf;
using Platform.Contracts.Stt;
using Platform.SttService.Recognition;

namespace Platform.Voice.Benchmarks;

/// <summary>One Transcribe call as the client saw it, with the final event's own audio and decode times.</summary>
internal sealed record TranscriptionRun(TimeSpan FirstPartial, TimeSpan Total, TranscriptEvent Final)
{
    public double RealTimeFactor => (double)Final.DecodeMs / Final.AudioMs;

    public static async Task<TranscriptionRun> RunAsync(CallInvoker channel, byte[] pcm16k)
    {
        var request = new TranscribeRequest { Audio = ByteString.CopyFrom(pcm16k), Format = AudioFormat.Pcm1616K };
        var clock = Stopwatch.StartNew();
        TimeSpan? first = null;
        TranscriptEvent? final = null;
        await foreach (var update in new Stt.SttClient(channel).Transcribe(request, new CallOptions(deadline: DateTime.UtcNow.AddMinutes(2))).ResponsesAsync())
        {
            first ??= clock.Elapsed;
            final = update;
        }

        return new TranscriptionRun(first!.Value, clock.Elapsed, final!);
    }
}
