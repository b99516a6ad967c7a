using Platform.LlmService.Scheduling;

namespace Platform.LlmService.Providers.Local;

/// <summary>
/// What one conversation's last turn left in its sequence: the tokens of its prompt and reply, and llama.cpp's saved
/// KV state of exactly those tokens.
/// </summary>
internal sealed record CachedPrompt(string Key, int[] Tokens, byte[] State, GenerationPriority Priority)
{
    public long Bytes => State.LongLength + (Tokens.LongLength * sizeof(int));

    /// <summary>How many leading tokens <paramref name="prompt"/> shares with the kept ones.</summary>
    public int CommonPrefix(ReadOnlySpan<int> prompt) => Tokens.AsSpan().CommonPrefixLength(prompt);
}
