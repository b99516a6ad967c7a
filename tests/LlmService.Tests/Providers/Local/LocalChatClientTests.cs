using Microsoft.Extensions.AI;
using Platform.LlmService.Providers;
using Platform.LlmService.Providers.Local;
using Platform.LlmService.Tests.Generation;

namespace Platform.LlmService.Tests.Providers.Local;

/// <summary>The local provider's generation on the real llama.cpp runtime and stories260K, called in-process.</summary>
public sealed class LocalChatClientTests : IAsyncLifetime
{
    private static readonly ChatOptions Greedy = new() { Temperature = 0, MaxOutputTokens = 40 };

    private LocalProvider provider = null!;

    public async ValueTask InitializeAsync() => provider = await LocalModels.LoadAsync(settings => settings.ContextSize = 256);

    public ValueTask DisposeAsync()
    {
        provider.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task GreedyRawCompletionOfOnceUponATimeStartsWithTheReferenceText()
    {
        var stream = await ChatStream.ReadAsync(provider.ChatClient, Requests.StoryStart, Greedy);

        Assert.StartsWith(Requests.StoryContinuation, stream.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstUpdateCarriesPromptTokensAndQueueTimeAndTheLastOneTheUsage()
    {
        var stream = await ChatStream.ReadAsync(provider.ChatClient, Requests.StoryStart, Greedy);

        var first = stream.Updates[0];
        Assert.Equal(string.Empty, first.Text);
        Assert.True(first.AdditionalProperties![ChatRequestProperties.QueueMilliseconds] is double queue && queue >= 0);
        var promptTokens = Assert.IsType<UsageContent>(Assert.Single(first.Contents)).Details.InputTokenCount;
        Assert.True(promptTokens > 1);
        Assert.Equal(stream.Pieces.Count, stream.Usage!.OutputTokenCount);
        Assert.Equal(promptTokens, stream.Usage.InputTokenCount);
    }

    [Fact]
    public async Task MaxTokensEndsTheGenerationWithFinishReasonLength()
    {
        var stream = await ChatStream.ReadAsync(provider.ChatClient, Requests.StoryStart, new ChatOptions { Temperature = 0, MaxOutputTokens = 5 });

        Assert.Equal(ChatFinishReason.Length, stream.FinishReason);
        Assert.Equal(5, stream.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task AStopSequenceEndsTheGenerationAndIsLeftOutOfTheText()
    {
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 40, StopSequences = ["Lily"] };

        var stream = await ChatStream.ReadAsync(provider.ChatClient, Requests.StoryStart, options);

        Assert.Equal(", there was a little girl named ", stream.Text);
        Assert.Equal(ChatFinishReason.Stop, stream.FinishReason);
    }

    [Fact]
    public async Task TheSameSeedSamplesTheSameTextAgain()
    {
        var options = new ChatOptions { Temperature = 1.0f, MaxOutputTokens = 30, Seed = 42 };

        var first = await ChatStream.ReadAsync(provider.ChatClient, Requests.StoryStart, options);
        var second = await ChatStream.ReadAsync(provider.ChatClient, Requests.StoryStart, options);

        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public async Task RequestsDecodedTogetherInOneBatchGiveTheSameTextAsAlone()
    {
        var prompts = new[] { "Once upon a time", "The dog", "Tom and Sue went to the park", "One day" };
        var alone = new List<string>();
        foreach (var prompt in prompts)
        {
            alone.Add((await ChatStream.ReadAsync(provider.ChatClient, prompt, Greedy)).Text);
        }

        var together = await Task.WhenAll(prompts.Select(prompt => ChatStream.ReadAsync(provider.ChatClient, prompt, Greedy)));

        Assert.Equal(alone, together.Select(stream => stream.Text));
        Assert.Equal(prompts.Length, provider.Decoder!.LargestBatch);
    }

    [Fact]
    public async Task APromptLongerThanTheContextIsRejectedAsPastTheContext()
    {
        var prompt = string.Join(' ', Enumerable.Repeat("Once upon a time there was a dog.", 60));

        var rejected = await Assert.ThrowsAsync<GenerationRejectedException>(() => ChatStream.ReadAsync(provider.ChatClient, prompt, Greedy));

        Assert.Equal(RejectionReason.ContextExceeded, rejected.Reason);
        Assert.Contains("context holds 256", rejected.Message, StringComparison.Ordinal);
    }
}
