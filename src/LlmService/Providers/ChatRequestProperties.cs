namespace Platform.LlmService.Providers;

/// <summary>
/// Keys this service puts in <c>ChatOptions.AdditionalProperties</c> and reads from
/// <c>ChatResponseUpdate.AdditionalProperties</c>, for what <c>IChatClient</c> has no member for.
/// </summary>
public static class ChatRequestProperties
{
    /// <summary>A <see cref="Scheduling.GenerationPriority"/>; providers with their own server ignore it.</summary>
    public const string Priority = "platform.priority";

    /// <summary>
    /// A string naming the conversation (or job) whose earlier turns the prompt extends; the local provider keeps its
    /// KV state under it between turns. Providers with their own server ignore it.
    /// </summary>
    public const string CacheKey = "platform.cache_key";

    /// <summary>On a provider's first update: milliseconds the request waited for the model, as a double.</summary>
    public const string QueueMilliseconds = "platform.queue_ms";
}
