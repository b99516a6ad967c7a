using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Platform.SttService.Audio;

namespace Platform.SttService.Recognition;

/// <summary>
/// Decodes one utterance on a pooled decoder, step by step, yielding each new partial hypothesis as it appears and
/// then the final one. Cancelling stops at the next step (one <c>Stt:StepMilliseconds</c> of audio) and frees the
/// decoder for the next call.
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
        var decoder = lease.Decoder;
        var decodeTime = TimeSpan.Zero;
        var started = Stopwatch.GetTimestamp();
        decoder.StartUtterance();
        decodeTime += Stopwatch.GetElapsedTime(started);

        var previous = string.Empty;
        for (var offset = 0; offset < audio.Samples.Length; offset += stepSamples)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = audio.Samples.Slice(offset, Math.Min(stepSamples, audio.Samples.Length - offset));
            started = Stopwatch.GetTimestamp();
            decoder.Process(step.Span);
            var hypothesis = decoder.Hypothesis();
            decodeTime += Stopwatch.GetElapsedTime(started);
            if (hypothesis.Length > 0 && !string.Equals(hypothesis, previous, StringComparison.Ordinal))
            {
                previous = hypothesis;
                yield return new TranscriptUpdate(hypothesis, false, SpeechAudio.Milliseconds(offset + step.Length), decodeTime, queueTime);
            }
        }

        started = Stopwatch.GetTimestamp();
        decoder.EndUtterance();
        var final = decoder.Hypothesis();
        decodeTime += Stopwatch.GetElapsedTime(started);
        yield return new TranscriptUpdate(final, true, SpeechAudio.Milliseconds(audio.Samples.Length), decodeTime, queueTime);
    }
}
