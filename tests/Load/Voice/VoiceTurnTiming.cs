namespace Platform.Load.Voice;

/// <summary>One measured voice turn: from the end of speech to the final transcript and to the first reply audio, in ms.</summary>
internal sealed record VoiceTurnTiming(double? ToFinalMs, double? ToFirstAudioMs, int PartialsBeforeEnd, string? Error);
