using Platform.Contracts.Grpc;
using Grpc.Core;
using System.Diagnostics;
using Platform.Contracts.Tts;
using Platform.TtsService.Synthesis;

namespace Platform.Voice.Benchmarks;

/// <summary>One Synthesize call as the client saw it: time to the first chunk, time to the last, and the audio.</summary>
internal sealed record SynthesisRun(TimeSpan FirstChunk, TimeSpan Total, byte[] Pcm, int SampleRate)
{
    public TimeSpan Audio => TimeSpan.FromSeconds(Pcm.Length / 2.0 / SampleRate);

    public double TimesRealTime => Audio / Total;

    public static async Task<SynthesisRun> RunAsync(CallInvoker channel, string text, string voice = "", string language = "")
    {
        var request = new SynthesizeRequest { Text = text, Voice = voice, Language = language, Format = AudioFormat.Pcm16 };
        var pcm = new MemoryStream();
        var clock = Stopwatch.StartNew();
        TimeSpan? first = null;
        var rate = 0;
        await foreach (var chunk in new Tts.TtsClient(channel).Synthesize(request, new CallOptions(deadline: DateTime.UtcNow.AddMinutes(2))).ResponsesAsync())
        {
            first ??= clock.Elapsed;
            rate = chunk.SampleRate;
            chunk.Pcm.WriteTo(pcm);
        }

        return new SynthesisRun(first!.Value, clock.Elapsed, pcm.ToArray(), rate);
    }
}
