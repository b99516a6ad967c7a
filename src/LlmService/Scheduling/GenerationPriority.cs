namespace Platform.LlmService.Scheduling;

/// <summary>Interactive work (a person waits) is always admitted before background work (summaries, extraction).</summary>
public enum GenerationPriority
{
    Interactive,
    Background,
}
