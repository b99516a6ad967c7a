using Platform.Testing;
using Platform.Contracts.Grpc;
using Grpc.Core;
using System.Buffers.Binary;
using System.Diagnostics;
using Platform.Contracts.Tts;
using Platform.TtsService.Synthesis;

namespace Platform.TtsService.Tests.Synthesis;

/// <summary>Every chunk of one Synthesize call with when it arrived, and the audio they make together.</summary>
public sealed record Speech(IReadOnlyList<(AudioChunk Chunk, TimeSpan Arrived)> Chunks)
{
    public int SampleRate => Chunks[0].Chunk.SampleRate;

    public short[] Samples => [.. Chunks.SelectMany(c => Decode(c.Chunk))];

    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / SampleRate);

    public static SynthesizeRequest Request(string text, string voice = "", string language = "") =>
        new() { Text = text, Voice = voice, Language = language, Format = AudioFormat.Pcm16 };

    public static async Task<Speech> CollectAsync(CallInvoker channel, SynthesizeRequest request, TimeSpan? timeout = null)
    {
        var chunks = new List<(AudioChunk, TimeSpan)>();
        var clock = Stopwatch.StartNew();
        var options = Calls.WithTimeout(timeout ?? TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await foreach (var chunk in new Tts.TtsClient(channel).Synthesize(request, options).ResponsesAsync())
        {
            chunks.Add((chunk, clock.Elapsed));
        }

        return new Speech(chunks);
    }

    public static IEnumerable<short> Decode(AudioChunk chunk)
    {
        var pcm = chunk.Pcm.Memory;
        for (var i = 0; i + 1 < pcm.Length; i += 2)
        {
            yield return BinaryPrimitives.ReadInt16LittleEndian(pcm.Span[i..]);
        }
    }

    public static double Rms(ReadOnlySpan<short> samples)
    {
        var sum = 0.0;
        foreach (var sample in samples)
        {
            sum += sample * (double)sample;
        }

        return samples.IsEmpty ? 0 : Math.Sqrt(sum / samples.Length);
    }
}
