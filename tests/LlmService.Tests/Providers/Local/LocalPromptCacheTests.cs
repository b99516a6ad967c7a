using Microsoft.Extensions.AI;
using Platform.LlmService.Providers;
using Platform.LlmService.Providers.Local;

namespace Platform.LlmService.Tests.Providers.Local;

/// <summary>The local provider's prompt cache on the real llama.cpp runtime and stories260K, called in-process.</summary>
public sealed class LocalPromptCacheTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] UserTurns =
    [
        "Once upon a time there was a little dog named Max.", "Max liked to run in the park.", "One day he found a big red ball.",
        "He wanted to show it to his friend Lily.", "Lily was sad because she lost her toy.", "Max gave her the ball.",
        "They played together all day.", "Then it started to rain.", "They ran home and had some warm milk.",
        "Mom told them a story.", "The story was about a brave cat.", "At night Max and Lily went to sleep.",
    ];

    private LocalProvider provider = null!;

    public async ValueTask InitializeAsync() => provider = await LocalModels.LoadAsync(settings =>
    {
        settings.ContextSize = 1024;
        settings.PromptCache.MaxConversations = 3;
    });

    public ValueTask DisposeAsync()
    {
        provider.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task GreedyTextIsTheSameWithAndWithoutTheCacheOverATwelveTurnConversation()
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, "A story for children.") };
        var previousPromptTokens = 0;
        foreach (var (userTurn, turn) in UserTurns.Select((text, index) => (text, index + 1)))
        {
            messages.Add(new ChatMessage(ChatRole.User, userTurn));

            var fresh = await ReadAsync(messages, cacheKey: null);
            var cached = await ReadAsync(messages, cacheKey: "conversation");

            Assert.Equal(fresh.Text, cached.Text);
            var prompt = PromptUsage(cached);
            output.WriteLine($"turn {turn}: {prompt.InputTokenCount} prompt tokens, {prompt.CachedInputTokenCount} reused");
            Assert.True(prompt.CachedInputTokenCount >= previousPromptTokens,
                $"turn {turn} reused {prompt.CachedInputTokenCount} of {prompt.InputTokenCount} prompt tokens; the previous prompt had {previousPromptTokens}");
            previousPromptTokens = (int)prompt.InputTokenCount!.Value;

            Assert.Equal(0, PromptUsage(fresh).CachedInputTokenCount);
            messages.Add(new ChatMessage(ChatRole.Assistant, fresh.Text));
        }

        var bytes = provider.Decoder!.PromptCache!.Bytes;
        output.WriteLine($"kept state of the conversation: {bytes} bytes for {provider.Decoder.PromptCache.Count} conversation(s)");
    }

    [Fact]
    public async Task ATurnCancelledMidwayKeepsExactlyItsPromptAndTheNextTurnReusesIt()
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, "A story for children."), new(ChatRole.User, UserTurns[0]) };
        var first = await ReadAsync(messages, "conversation");
        messages.Add(new ChatMessage(ChatRole.Assistant, first.Text));
        messages.Add(new ChatMessage(ChatRole.User, UserTurns[1]));

        var partial = new System.Text.StringBuilder();
        long? cancelledPromptTokens = null;
        using (var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var update in provider.ChatClient.GetStreamingResponseAsync(messages, Options("conversation", maxTokens: 900), cancellation.Token))
                {
                    cancelledPromptTokens ??= update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details.InputTokenCount;
                    partial.Append(update.Text);
                    if (partial.Length > 0)
                    {
                        await cancellation.CancelAsync();
                    }
                }
            });
        }

        // However many reply tokens were decoded before the cancel was noticed (it depends on timing), the kept state
        // is the cancelled turn's prompt, no more: a next turn's arithmetic must not depend on when a cancel landed.
        var cache = provider.Decoder!.PromptCache!;
        var kept = cache.Take("conversation");
        Assert.NotNull(kept);
        Assert.Equal(cancelledPromptTokens, kept.Tokens.Length);
        cache.Store(kept);

        messages.Add(new ChatMessage(ChatRole.Assistant, partial.ToString()));
        messages.Add(new ChatMessage(ChatRole.User, UserTurns[2]));
        var next = await ReadAsync(messages, "conversation");

        Assert.NotEmpty(partial.ToString());
        Assert.NotEmpty(next.Text);
        Assert.True(PromptUsage(next).CachedInputTokenCount > 0, "the cancelled turn's decoded prompt is reused");
        output.WriteLine($"cancelled after \"{partial}\" with {cancelledPromptTokens} prompt tokens kept; the next turn reused {PromptUsage(next).CachedInputTokenCount} and said \"{next.Text}\"");
    }

    [Fact]
    public async Task KeptStatesStayWithinTheConversationBoundAndTheLeastRecentlyUsedLeavesFirst()
    {
        foreach (var key in new[] { "a", "b", "c" })
        {
            await ReadAsync([new ChatMessage(ChatRole.User, UserTurns[0])], key);
        }

        await ReadAsync([new ChatMessage(ChatRole.User, UserTurns[0])], "a");
        await ReadAsync([new ChatMessage(ChatRole.User, UserTurns[1])], "d");

        var cache = provider.Decoder!.PromptCache!;
        Assert.Equal(["d", "a", "c"], cache.Keys);
        Assert.True(cache.Bytes <= cache.MaxBytes);
        output.WriteLine($"{cache.Count} conversations kept in {cache.Bytes} bytes");
    }

    [Fact]
    public async Task AThousandConversationsStayWithinASmallByteBoundAndTheLeastRecentlyUsedLeaveFirst()
    {
        using var bounded = await LocalModels.LoadAsync(settings =>
        {
            settings.ContextSize = 256;
            settings.PromptCache.MaxMegabytes = 1;
            settings.PromptCache.MaxConversations = 1000;
        });
        var cache = bounded.Decoder!.PromptCache!;
        var recency = new List<string>();
        long largest = 0;
        for (var i = 0; i < 1000; i++)
        {
            // Every tenth turn goes back to the first conversation, so it is the oldest but never the least recently used.
            var key = i % 10 == 9 ? "conversation 0" : $"conversation {i}";
            await ReadAsync(bounded, [new ChatMessage(ChatRole.User, $"{UserTurns[i % UserTurns.Length]} Turn {i}.")], key);
            recency.Remove(key);
            recency.Insert(0, key);
            largest = Math.Max(largest, cache.Bytes);
            Assert.True(cache.Bytes <= cache.MaxBytes, $"after {i + 1} turns the cache held {cache.Bytes} bytes; the bound is {cache.MaxBytes}");
        }

        output.WriteLine($"1,000 conversations, bound {cache.MaxBytes} bytes: at most {largest} bytes held; {cache.Count} kept at the end ({cache.Bytes / cache.Count} bytes each), {cache.Evictions} evicted");
        Assert.InRange(cache.Count, 2, 999);
        Assert.Equal(recency.Take(cache.Count), cache.Keys);
        Assert.Contains("conversation 0", cache.Keys);
        Assert.DoesNotContain("conversation 1", cache.Keys);
    }

    private Task<ChatStream> ReadAsync(IEnumerable<ChatMessage> messages, string? cacheKey) => ReadAsync(provider, messages, cacheKey);

    private static async Task<ChatStream> ReadAsync(LocalProvider provider, IEnumerable<ChatMessage> messages, string? cacheKey)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in provider.ChatClient.GetStreamingResponseAsync(messages, Options(cacheKey), TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        return new ChatStream(updates);
    }

    private static ChatOptions Options(string? cacheKey, int maxTokens = 24)
    {
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = maxTokens };
        if (cacheKey is not null)
        {
            options.AdditionalProperties = new() { [ChatRequestProperties.CacheKey] = cacheKey };
        }

        return options;
    }

    private static UsageDetails PromptUsage(ChatStream stream) =>
        stream.Updates[0].Contents.OfType<UsageContent>().Single().Details;
}
