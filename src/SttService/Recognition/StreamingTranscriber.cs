using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Platform.SttService.Audio;
using Platform.SttService.VoiceActivity;
using Platform.SttService.Pocketsphinx;

namespace Platform.SttService.Recognition;

/// <summary>
/// Decodes audio while it arrives, on a pooled decoder held for the whole call: each block goes through the
/// endpointer and (inside an utterance) the decoder at once, a changed hypothesis becomes a partial at most once per
/// <c>Stt:StepMilliseconds</c> of audio, a partial that holds through the call's <c>stable_partial_ms</c> of trailing
/// silence is sent once more marked stable (so the caller can start on it before the final), and an utterance ends with its final transcript when the endpointer hears
/// the trailing silence, the utterance reaches its maximum length, or the audio ends (the channel completes).
/// Like <see cref="Transcriber"/> it decodes on a thread of its own.
/// </summary>
internal sealed class StreamingTranscriber(DecoderPool pool, IOptions<SttOptions> options)
{
    private readonly int stepSamples = options.Value.StepMilliseconds * SpeechAudio.SampleRate / 1000;

    public IAsyncEnumerable<TranscriptUpdate> TranscribeAsync(StreamSettings settings, ChannelReader<short[]> audio, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(audio);
        return DecoderThread.RunAsync(
            pool,
            (decoder, queueTime, updates, token) => new Session(decoder, settings, stepSamples, queueTime, updates).Run(audio, token),
            cancellationToken);
    }

    /// <summary>The state of one call, touched only by its decoding thread.</summary>
    private sealed class Session(PocketsphinxDecoder decoder, StreamSettings settings, int stepSamples, TimeSpan queueTime, ChannelWriter<TranscriptUpdate> updates)
    {
        private readonly Endpointer endpointer = new(settings.Endpointer);
        private readonly Queue<short[]> preRoll = new();
        private readonly int preRollSamples = settings.PreRollMilliseconds * SpeechAudio.SampleRate / 1000;
        private readonly long maxUtteranceSamples = (long)settings.MaxUtteranceMilliseconds * SpeechAudio.SampleRate / 1000;
        private readonly long stableSamples = (long)settings.StablePartialMilliseconds * SpeechAudio.SampleRate / 1000;
        // Decoder time of the open utterance, not the wall time it took to arrive.
        private readonly Stopwatch clock = new();
        private int preRollHeld;
        private long received;
        private long utteranceSamples;
        private long samplesAtLastPartial;
        private int utterance;
        private bool open;
        private bool finished;
        private string previous = string.Empty;
        // The hypothesis last read, from when (in the call's samples) it has read the same, and the last one sent as stable.
        private string heard = string.Empty;
        private long heardSince;
        private string stable = string.Empty;

        public void Run(ChannelReader<short[]> audio, CancellationToken cancellationToken)
        {
            if (settings.Mode == StreamMode.Manual)
            {
                Open([]);
            }

            while (!finished && audio.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
            {
                while (!finished && audio.TryRead(out var block))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Add(block);
                }
            }

            if (!finished)
            {
                if (!open)
                {
                    // Nothing was said: the caller still gets its final, empty, transcript.
                    Open([]);
                }

                Close(UtteranceEnd.EndMarker);
            }
        }

        private void Add(short[] block)
        {
            var start = received;
            received += block.Length;
            var fed = 0;
            foreach (var edge in endpointer.Add(block))
            {
                // Edges are decided up to a frame after the sample they name; the block is split where they were decided.
                var decidedAt = (int)Math.Clamp(edge.Sample - start, fed, block.Length);
                Report(edge);
                if (edge.Edge == SpeechEdge.Started && !open)
                {
                    var rest = block.AsSpan(decidedAt).ToArray();
                    Remember(block.AsSpan(0, decidedAt).ToArray());
                    Open(rest);
                    fed = block.Length;
                }
                else if (edge.Edge == SpeechEdge.Ended && open && settings.Mode != StreamMode.Manual)
                {
                    Feed(block.AsSpan(fed));
                    fed = block.Length;
                    if (open)
                    {
                        Close(UtteranceEnd.Endpoint);
                    }

                    if (finished)
                    {
                        return;
                    }
                }
            }

            if (open)
            {
                Feed(block.AsSpan(fed));
                if (open && utteranceSamples - samplesAtLastPartial >= stepSamples)
                {
                    Partial();
                }

                if (open)
                {
                    ReportIfStable();
                }
            }
            else if (fed < block.Length)
            {
                Remember(block.AsSpan(fed).ToArray());
            }
        }

        private void Open(short[] first)
        {
            clock.Reset();
            decoder.StartUtterance();
            open = true;
            utteranceSamples = 0;
            samplesAtLastPartial = 0;
            previous = string.Empty;
            heard = string.Empty;
            stable = string.Empty;
            while (preRoll.TryDequeue(out var held))
            {
                Feed(held);
            }

            preRollHeld = 0;
            Feed(first);
        }

        private void Feed(ReadOnlySpan<short> samples)
        {
            while (open && samples.Length > 0)
            {
                var room = maxUtteranceSamples - utteranceSamples;
                var take = (int)Math.Min(room, samples.Length);
                clock.Start();
                decoder.Process(samples[..take]);
                clock.Stop();
                utteranceSamples += take;
                samples = samples[take..];
                if (utteranceSamples >= maxUtteranceSamples)
                {
                    Close(UtteranceEnd.MaxLength);
                }
            }
        }

        private void Partial()
        {
            samplesAtLastPartial = utteranceSamples;
            var hypothesis = decoder.Hypothesis();
            Observe(hypothesis);
            if (hypothesis.Length > 0 && !string.Equals(hypothesis, previous, StringComparison.Ordinal))
            {
                previous = hypothesis;
                updates.TryWrite(new TranscriptUpdate(hypothesis, false, Milliseconds(received), clock.Elapsed, queueTime, Utterance: utterance));
            }
        }

        private void Observe(string hypothesis)
        {
            if (!string.Equals(hypothesis, heard, StringComparison.Ordinal))
            {
                heard = hypothesis;
                heardSince = received;
            }
        }

        /// <summary>In the trailing silence, the hypothesis that has not changed for the call's stable time is sent once, marked stable.</summary>
        private void ReportIfStable()
        {
            var silence = endpointer.SilenceSamples;
            if (stableSamples == 0 || silence == 0)
            {
                return;
            }

            Observe(decoder.Hypothesis());
            var held = Math.Min(received - heardSince, silence);
            if (held >= stableSamples && heard.Length > 0 && !string.Equals(heard, stable, StringComparison.Ordinal))
            {
                stable = heard;
                updates.TryWrite(new TranscriptUpdate(heard, false, Milliseconds(received), clock.Elapsed, queueTime, Utterance: utterance, Stable: true));
            }
        }

        private void Close(UtteranceEnd end)
        {
            clock.Start();
            decoder.EndUtterance();
            clock.Stop();
            open = false;
            updates.TryWrite(new TranscriptUpdate(decoder.Hypothesis(), true, Milliseconds(received), clock.Elapsed, queueTime, End: end, Utterance: utterance));
            utterance++;
            finished = settings.Mode != StreamMode.Continuous || end == UtteranceEnd.EndMarker;
        }

        private void Report(SpeechBoundary edge) =>
            updates.TryWrite(new TranscriptUpdate(string.Empty, false, Milliseconds(received), clock.Elapsed, queueTime, edge.Edge, Milliseconds(edge.Sample), Utterance: utterance));

        private void Remember(short[] samples)
        {
            if (samples.Length == 0 || preRollSamples == 0)
            {
                return;
            }

            preRoll.Enqueue(samples);
            preRollHeld += samples.Length;
            while (preRollHeld - preRoll.Peek().Length >= preRollSamples)
            {
                preRollHeld -= preRoll.Dequeue().Length;
            }
        }

        private static int Milliseconds(long samples) => (int)(samples * 1000 / SpeechAudio.SampleRate);
    }
}
