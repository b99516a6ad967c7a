using System.Threading.Channels;
using Platform.Contracts.Tts;

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

    /// <summary>Starts speaking; each chunk of audio goes to <paramref name="audio"/> as soon as it is made.</summary>
    public SpokenReply(SpeechClient speech, ReplyVoice voice, ISpokenAudio audio, CancellationToken cancellationToken) =>
        speaking = SpeakAsync(speech, voice, audio, cancellationToken);

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
#pragma warning disable CA1031 // The turn already ended for another reason, which is what the client hears about; the turn must still send its last event.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private async Task SpeakAsync(SpeechClient speech, ReplyVoice voice, ISpokenAudio audio, CancellationToken cancellationToken)
    {
        var index = 0;
        await foreach (var sentence in sentences.Reader.ReadAllAsync(cancellationToken))
        {
            var request = new SynthesizeRequest { Text = sentence, Language = voice.Language, Voice = voice.Voice, Format = AudioFormat.Pcm16 };
            await foreach (var chunk in speech.SynthesizeAsync(request, cancellationToken))
            {
                audio.Play(index, sentence, chunk);
            }

            index++;
        }
    }
}
