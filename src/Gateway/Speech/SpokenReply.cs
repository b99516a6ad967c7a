using System.Diagnostics;
using System.Threading.Channels;
using Platform.Contracts.Tts;
using Platform.Gateway.Turns;

namespace Platform.Gateway.Speech;

/// <summary>
/// Speaks a reply while it is being written: each sentence (the first clause of the first one, when it is long enough)
/// goes to TtsService as soon as it is complete, and its
/// audio is emitted chunk by chunk as the engine makes it, one sentence after another.
/// </summary>
public sealed class SpokenReply
{
    // The first clause of four words or more is spoken on its own: with a model writing 30-80 tokens a second, waiting
    // for the whole first sentence would hold the first audio back by as long again.
    private readonly SentenceSplitter splitter = new(firstClauseWords: 4);
    private readonly Channel<string> sentences = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task speaking;

    /// <summary>Starts speaking; <paramref name="turn"/> is the turn's span, which hears of the first audio.</summary>
    public SpokenReply(SpeechClient speech, TurnEmitter emitter, TurnClock clock, ReplyVoice voice, SpokenTimeline timeline, Activity? turn, CancellationToken cancellationToken) =>
        speaking = SpeakAsync(speech, emitter, clock, voice.Language, voice.Voice, timeline, turn, cancellationToken);

    public void Add(string text)
    {
        foreach (var sentence in splitter.Add(text))
        {
            sentences.Writer.TryWrite(sentence);
        }
    }

    /// <summary>Speaks what is left and waits until every sentence has been spoken; a TTS failure surfaces here.</summary>
    public async Task CompleteAsync()
    {
        if (splitter.Flush() is { } rest)
        {
            sentences.Writer.TryWrite(rest);
        }

        sentences.Writer.TryComplete();
        await speaking;
    }

    /// <summary>Stops speaking; used when the turn ends before its text is complete.</summary>
    public async Task AbandonAsync()
    {
        sentences.Writer.TryComplete();
        try
        {
            await speaking;
        }
        catch (Exception ex) when (ex is OperationCanceledException or Grpc.Core.RpcException)
        {
            // The turn already ended for another reason; that reason is what the client hears about.
        }
    }

    private async Task SpeakAsync(SpeechClient speech, TurnEmitter emitter, TurnClock clock, string language, string voice, SpokenTimeline timeline, Activity? turn, CancellationToken cancellationToken)
    {
        var index = 0;
        await foreach (var sentence in sentences.Reader.ReadAllAsync(cancellationToken))
        {
            var request = new SynthesizeRequest { Text = sentence, Language = language, Voice = voice, Format = AudioFormat.Pcm16 };
            await foreach (var chunk in speech.SynthesizeAsync(request, cancellationToken))
            {
                if (chunk.Pcm.Length > 0 && clock.FirstAudio())
                {
                    GatewayTelemetry.FirstAudioPlayed(turn, clock.FirstAudioMs!.Value, voice: true);
                }

                if (chunk.SampleRate > 0)
                {
                    timeline.Add(index, sentence, chunk.Pcm.Length * 500.0 / chunk.SampleRate);
                }

                var data = Convert.ToBase64String(chunk.Pcm.Span);
                emitter.Emit(TurnEvent.Audio, seq => new AudioPayload(seq, index, chunk.Index, chunk.Last, chunk.SampleRate, "pcm16", data));
            }

            index++;
        }
    }
}
