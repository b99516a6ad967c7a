using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Platform.SttService.Audio;
using Platform.SttService.Pocketsphinx;

namespace Platform.SttService.Recognition;

/// <summary>
/// Decodes one utterance on a pooled decoder, step by step, yielding each new partial hypothesis as it appears and
/// then the final one. The decode runs on a thread of its own: it is seconds of native CPU work that would
/// otherwise hold a thread-pool thread, which the server's I/O (including the very cancel that should stop it) needs.
/// Cancelling stops it at the next step (one <c>Stt:StepMilliseconds</c> of audio) and frees the decoder.
/// </summary>
internal sealed class Transcriber(DecoderPool pool, IOptions<SttOptions> options)
{
    private readonly int stepSamples = options.Value.StepMilliseconds * SpeechAudio.SampleRate / 1000;

    public async IAsyncEnumerable<TranscriptUpdate> TranscribeAsync(SpeechAudio audio, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var queued = Stopwatch.GetTimestamp();
        using var lease = await pool.RentAsync(cancellationToken).ConfigureAwait(false);
        var queueTime = Stopwatch.GetElapsedTime(queued);
        var updates = Channel.CreateUnbounded<TranscriptUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var decoding = Task.Factory.StartNew(
            () => Decode(lease.Decoder, audio, queueTime, updates.Writer, stop.Token),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            await foreach (var update in updates.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }
        }
        finally
        {
            // The decoder goes back to the pool only once its thread has let go of it.
            await stop.CancelAsync().ConfigureAwait(false);
            await decoding.ConfigureAwait(false);
        }
    }

    private void Decode(PocketsphinxDecoder decoder, SpeechAudio audio, TimeSpan queueTime, ChannelWriter<TranscriptUpdate> updates, CancellationToken cancellationToken)
    {
        try
        {
            var samples = audio.Samples.Span;
            var clock = Stopwatch.StartNew();
            decoder.StartUtterance();
            var previous = string.Empty;
            for (var offset = 0; offset < samples.Length; offset += stepSamples)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var step = samples.Slice(offset, Math.Min(stepSamples, samples.Length - offset));
                decoder.Process(step);
                var hypothesis = decoder.Hypothesis();
                if (hypothesis.Length > 0 && !string.Equals(hypothesis, previous, StringComparison.Ordinal))
                {
                    previous = hypothesis;
                    updates.TryWrite(new TranscriptUpdate(hypothesis, false, SpeechAudio.Milliseconds(offset + step.Length), clock.Elapsed, queueTime));
                }
            }

            decoder.EndUtterance();
            updates.TryWrite(new TranscriptUpdate(decoder.Hypothesis(), true, SpeechAudio.Milliseconds(samples.Length), clock.Elapsed, queueTime));
            updates.TryComplete();
        }
#pragma warning disable CA1031 // The failure travels to the reader through the channel, which rethrows it there.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            updates.TryComplete(ex);
        }
    }
}
