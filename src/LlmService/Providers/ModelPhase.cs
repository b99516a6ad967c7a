namespace Platform.LlmService.Providers;

public enum ModelPhase
{
    Loading,
    WarmingUp,
    Ready,
    Failed,
}
