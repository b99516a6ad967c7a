namespace Platform.LlmService.Providers;

/// <summary>
/// Keys this service puts in <c>ChatOptions.AdditionalProperties</c> and reads from
/// <c>ChatResponseUpdate.AdditionalProperties</c>, for what <c>IChatClient</c> has no member for.
/// </summary>
public static class ChatRequestProperties
{
    /// <summary>A <see cref="Scheduling.GenerationPriority"/>; providers with their own server ignore it.</summary>
    public const string Priority = "platform.priority";

    /// <summary>On a provider's first update: milliseconds the request waited for the model, as a double.</summary>
    public const string QueueMilliseconds = "platform.queue_ms";
}
