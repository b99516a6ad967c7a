namespace Platform.SttService.Recognition;

public enum DecoderPhase
{
    Loading,
    WarmingUp,
    Ready,
    Failed,
}
