using System.Globalization;
using Platform.LlmService.Providers.Local;
using Platform.LlmService.Scheduling;

namespace Platform.LlmService.Tests.Providers.Local;

public sealed class PromptCacheTests
{
    [Fact]
    public void AThousandConversationsStayWithinTheByteBoundAndTheMostRecentOnesAreKept()
    {
        var cache = new PromptCache(maxBytes: 64 * 1024, maxConversations: 1000);
        var largest = 0L;
        for (var i = 0; i < 1000; i++)
        {
            cache.Store(Entry(Key(i), stateBytes: 1000 + (i % 7 * 500)));
            largest = Math.Max(largest, cache.Bytes);
        }

        Assert.True(largest <= cache.MaxBytes, $"the cache held {largest} bytes with a bound of {cache.MaxBytes}");
        Assert.True(cache.Evictions > 900);
        var kept = cache.Keys;
        Assert.Equal(Enumerable.Range(1000 - kept.Count, kept.Count).Reverse().Select(Key), kept);
    }

    [Fact]
    public void TheConversationCountBoundEvictsTheLeastRecentlyUsedFirst()
    {
        var cache = new PromptCache(maxBytes: long.MaxValue, maxConversations: 3);
        cache.Store(Entry("a"));
        cache.Store(Entry("b"));
        cache.Store(Entry("c"));
        var a = cache.Take("a")!;
        cache.Store(a);

        cache.Store(Entry("d"));

        Assert.Equal(["d", "a", "c"], cache.Keys);
        Assert.Null(cache.Take("b"));
        Assert.Equal(1, cache.Evictions);
    }

    [Fact]
    public void ABackgroundEntryNeverEvictsAConversationOfAPersonAndLeavesBeforeOne()
    {
        var cache = new PromptCache(maxBytes: long.MaxValue, maxConversations: 2);
        cache.Store(Entry("person 1"));
        cache.Store(Entry("job 1", priority: GenerationPriority.Background));

        Assert.True(cache.Store(Entry("job 2", priority: GenerationPriority.Background)));
        Assert.Equal(["job 2", "person 1"], cache.Keys);

        cache.Store(Entry("person 2"));
        Assert.False(cache.Store(Entry("job 3", priority: GenerationPriority.Background)));
        Assert.Equal(["person 2", "person 1"], cache.Keys);
    }

    [Fact]
    public void TakingAnEntryRemovesItSoAFailedTurnLeavesNothingStale()
    {
        var cache = new PromptCache(maxBytes: 10_000, maxConversations: 10);
        cache.Store(Entry("a", stateBytes: 100));

        var taken = cache.Take("a");

        Assert.NotNull(taken);
        Assert.Null(cache.Take("a"));
        Assert.Equal(0, cache.Bytes);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void AnEntryLargerThanTheWholeBoundIsNotKeptAndEvictsNothing()
    {
        var cache = new PromptCache(maxBytes: 1000, maxConversations: 10);
        cache.Store(Entry("small", stateBytes: 100));

        Assert.False(cache.Store(Entry("huge", stateBytes: 2000)));

        Assert.Equal(["small"], cache.Keys);
    }

    [Fact]
    public void CommonPrefixCountsTheLeadingTokensBothShare()
    {
        var entry = new CachedPrompt("a", [1, 2, 3, 4, 5], [], GenerationPriority.Interactive);

        Assert.Equal(3, entry.CommonPrefix([1, 2, 3, 9, 5, 6]));
        Assert.Equal(5, entry.CommonPrefix([1, 2, 3, 4, 5, 6, 7]));
        Assert.Equal(0, entry.CommonPrefix([7]));
    }

    private static string Key(int index) => index.ToString(CultureInfo.InvariantCulture);

    private static CachedPrompt Entry(string key, int stateBytes = 10, GenerationPriority priority = GenerationPriority.Interactive) =>
        new(key, [1, 2, 3], new byte[stateBytes], priority);
}
