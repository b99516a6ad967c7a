using Platform.Contracts.Stt;

namespace Platform.Gateway.Speech;

/// <summary>What a user said: the audio as sent, its format, the language to recognise, and the voice to answer in (empty: the language's default).</summary>
public sealed record SpokenInput(byte[] Audio, AudioFormat Format, string Language, string Voice = "")
{
    public ReplyVoice Reply => new(Language, Voice);
}
