using System.Buffers.Binary;
using System.Threading.Channels;
using Platform.TtsService.Engines;

namespace Platform.TtsService.Synthesis;

/// <summary>
/// The sink engines call back into: gathers samples into chunks of <c>Tts:ChunkMilliseconds</c> and passes each on
/// the moment it is full. It tells the engine to stop once the call is cancelled.
/// </summary>
internal sealed class ChunkAssembler(ChannelWriter<SpeechChunk> output, int chunkMilliseconds, SynthesisMeasurements measurements, CancellationToken cancellationToken)
    : IAudioSink
{
    private byte[] buffer = [];
    private int filled;
    private int sampleRate;

    public bool Write(ReadOnlySpan<short> samples, int rate)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        if (rate != sampleRate)
        {
            Flush();
            sampleRate = rate;
            buffer = new byte[Math.Max(2, rate * chunkMilliseconds / 1000 * 2)];
        }

        measurements.Add(samples.Length, rate);
        foreach (var sample in samples)
        {
            BinaryPrimitives.WriteInt16LittleEndian(buffer.AsSpan(filled), sample);
            filled += 2;
            if (filled == buffer.Length)
            {
                Flush();
            }
        }

        return true;
    }

    /// <summary>Passes on what is gathered so far, as a shorter chunk.</summary>
    public void Flush()
    {
        if (filled > 0)
        {
            output.TryWrite(new SpeechChunk(buffer.AsSpan(0, filled).ToArray(), sampleRate));
            filled = 0;
        }
    }
}
