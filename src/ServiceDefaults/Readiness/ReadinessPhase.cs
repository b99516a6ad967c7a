namespace Platform.ServiceDefaults.Readiness;

public enum ReadinessPhase
{
    Loading,
    WarmingUp,
    Ready,
    Failed,
}
