using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Platform.TtsService.Engines;
using Platform.TtsService.Voices;

namespace Platform.TtsService.Synthesis;

/// <summary>
/// Runs one synthesis: a producer task feeds the text's segments through the engine, whose callbacks fill chunks,
/// while the caller reads those chunks as they appear. Chunks are never held until the utterance is done: each is
/// passed on as soon as the next exists, which is when it is known not to be the last. The queue between them is
/// unbounded so that the engine, which other calls wait for, is never held up by a slow reader. Every segment is
/// spoken at the call's speed, a multiple of the voice's own rate (see <see cref="SpeechEngine.SynthesizeAsync"/>).
/// </summary>
internal sealed class Synthesizer(IOptions<TtsOptions> options)
{
    public async IAsyncEnumerable<SynthesizedChunk> SynthesizeAsync(
        SpeechEngine engine,
        SpeechVoice voice,
        IReadOnlyList<string> segments,
        float speed,
        SynthesisMeasurements measurements,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(measurements);
        var chunks = Channel.CreateUnbounded<SpeechChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var cancelledAt = 0L;
        var synthesized = false;
        using var cancelled = cancellationToken.Register(() => Interlocked.CompareExchange(ref cancelledAt, Stopwatch.GetTimestamp(), 0));
        var producer = Task.Run(() => ProduceAsync(engine, voice, segments, speed, chunks.Writer, measurements, stop.Token), CancellationToken.None);
        try
        {
            SpeechChunk? pending = null;
            var index = 0;
            await foreach (var chunk in chunks.Reader.ReadAllAsync(cancellationToken))
            {
                if (pending is not null)
                {
                    yield return new SynthesizedChunk(pending, index++, Last: false);
                }

                pending = chunk;
            }

            synthesized = true;
            yield return new SynthesizedChunk(pending ?? new SpeechChunk(ReadOnlyMemory<byte>.Empty, voice.SampleRate), index, Last: true);
        }
        finally
        {
            // A caller that went away may have been noticed by a failed write before its token fired: then the stop starts here.
            var abandonedAt = Stopwatch.GetTimestamp();
            await stop.CancelAsync();
            await producer;
            if (Interlocked.Read(ref cancelledAt) is var at and not 0)
            {
                measurements.CancelToStop = Stopwatch.GetElapsedTime(at);
            }
            else if (!synthesized)
            {
                measurements.CancelToStop = Stopwatch.GetElapsedTime(abandonedAt);
            }
        }
    }

    private async Task ProduceAsync(
        SpeechEngine engine,
        SpeechVoice voice,
        IReadOnlyList<string> segments,
        float speed,
        ChannelWriter<SpeechChunk> output,
        SynthesisMeasurements measurements,
        CancellationToken cancellationToken)
    {
        var assembler = new ChunkAssembler(output, options.Value.ChunkMilliseconds, measurements, cancellationToken);
        try
        {
            for (var i = 0; i < segments.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var waited = await engine.SynthesizeAsync(voice, segments[i], speed, assembler, cancellationToken);
                if (i == 0)
                {
                    measurements.QueueTime = waited;
                }
            }

            assembler.Flush();
            output.TryComplete();
        }
#pragma warning disable CA1031 // The failure travels to the reader through the channel, which rethrows it there.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            output.TryComplete(ex);
        }
    }
}
