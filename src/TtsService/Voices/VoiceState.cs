namespace Platform.TtsService.Voices;

/// <summary>A snapshot of the engines and voices, as /health reports it.</summary>
public sealed record VoiceState(VoicePhase Phase, int Voices, TimeSpan? Load, TimeSpan? WarmUp, string? Failure);
