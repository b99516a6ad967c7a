namespace Platform.LlmService;

/// <summary>
/// The <c>Llm:PromptCache</c> section: how much of the local model's KV state is kept between a conversation's turns,
/// so the next turn decodes only what is new. Either limit at 0 turns the cache off.
/// </summary>
public sealed class PromptCacheOptions
{
    /// <summary>Memory for the kept states, in MiB; the least recently used conversation leaves first.</summary>
    public int MaxMegabytes { get; set; } = 256;

    /// <summary>Conversations kept at once.</summary>
    public int MaxConversations { get; set; } = 1000;

    public bool Enabled => MaxMegabytes > 0 && MaxConversations > 0;

    public long MaxBytes => MaxMegabytes * 1024L * 1024L;
}
