namespace Platform.SttService.VoiceActivity;

/// <summary>Where speech started or ended, in samples from the first sample the endpointer was given.</summary>
public sealed record SpeechBoundary(SpeechEdge Edge, long Sample);
