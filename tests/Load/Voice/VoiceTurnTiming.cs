namespace Platform.Load.Voice;

/// <summary>
/// One measured voice turn, in ms at the client: from the end of speech to the final transcript and to the first reply
/// audio, and the stages between: final transcript to first token, first token to the token that completes the first
/// sentence (what TTS waits for), and that to the first audio.
/// </summary>
internal sealed record VoiceTurnTiming(
    double? ToFinalMs,
    double? ToFirstAudioMs,
    double? FinalToFirstTokenMs,
    double? FirstTokenToSentenceMs,
    double? SentenceToFirstAudioMs,
    int PartialsBeforeEnd,
    string? Error);
