namespace Platform.TtsService.Voices;

/// <summary>
/// A voice a caller can ask for: its public <paramref name="Name"/>, the languages it speaks (best first), its
/// engine, its sample rate, and the engine's own identifier for it.
/// </summary>
public sealed record SpeechVoice(string Name, IReadOnlyList<VoiceLanguage> Languages, string Engine, int SampleRate, string EngineVoiceId)
{
    public string Language => Languages[0].Tag;

    /// <summary>The priority with which this voice speaks <paramref name="tag"/>, or null when it does not.</summary>
    public int? PriorityFor(string tag) =>
        Languages.Where(language => string.Equals(language.Tag, tag, StringComparison.OrdinalIgnoreCase))
            .Select(language => (int?)language.Priority)
            .Min();

    public bool SpeaksPrimaryLanguageOf(string tag) =>
        Languages.Any(language => string.Equals(LanguageTag.Primary(language.Tag), LanguageTag.Primary(tag), StringComparison.OrdinalIgnoreCase));
}
