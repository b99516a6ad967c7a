namespace Platform.TtsService.Voices;

public enum VoicePhase
{
    Loading,
    WarmingUp,
    Ready,
    Failed,
}
