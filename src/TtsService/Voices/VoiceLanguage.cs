namespace Platform.TtsService.Voices;

/// <summary>A language a voice speaks, as a BCP 47 tag, and how well (1 is best, as espeak-ng ranks them).</summary>
public sealed record VoiceLanguage(string Tag, int Priority);
