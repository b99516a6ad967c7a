using Platform.Contracts.Tts;

namespace Platform.Gateway.Speech;

/// <summary>Where a spoken reply's audio goes as the engine makes it; whoever asks for a reply to be spoken gives one.</summary>
public interface ISpokenAudio
{
    /// <summary>One chunk of sentence <paramref name="sentence"/> (counted from 0), whose text is <paramref name="text"/>.</summary>
    void Play(int sentence, string text, AudioChunk chunk);
}
