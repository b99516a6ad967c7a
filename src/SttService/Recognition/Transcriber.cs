using System.Diagnostics;
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

    public IAsyncEnumerable<TranscriptUpdate> TranscribeAsync(SpeechAudio audio, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        return DecoderThread.RunAsync(pool, (decoder, queueTime, updates, token) => Decode(decoder, audio, queueTime, updates, token), cancellationToken);
    }

    private void Decode(PocketsphinxDecoder decoder, SpeechAudio audio, TimeSpan queueTime, ChannelWriter<TranscriptUpdate> updates, CancellationToken cancellationToken)
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
    }
}
