using Platform.Contracts.Llm;

namespace Platform.LlmService.Tests.Generation;

/// <summary>Generate over gRPC against the real llama.cpp runtime and stories260K.</summary>
public sealed class GenerateTests : IAsyncLifetime
{
    private LlmServer server = null!;

    public async ValueTask InitializeAsync() => server = await LlmServer.StartAsync();

    public ValueTask DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task StreamsStartedThenAtLeastTwoTokensThenCompleted()
    {
        var transcript = await Transcript.CollectAsync(server.Channel, Requests.User(Requests.StoryStart, maxTokens: 16));

        Assert.Equal(GenerateEvent.EventOneofCase.Started, transcript.Events[0].EventCase);
        Assert.Equal(GenerateEvent.EventOneofCase.Completed, transcript.Events[^1].EventCase);
        Assert.True(transcript.Tokens.Count >= 2, $"{transcript.Tokens.Count} token events");
        Assert.Equal(Enumerable.Range(0, transcript.Tokens.Count), transcript.Tokens.Select(token => token.Index));
        Assert.Equal("stories260K", transcript.Started!.Model);
        Assert.True(transcript.Started.PromptTokens > 1, $"prompt tokens {transcript.Started.PromptTokens}");
        Assert.True(transcript.Started.QueueMs >= 0);
        var completed = transcript.Completed!;
        Assert.Equal(transcript.Tokens.Count, completed.CompletionTokens);
        Assert.InRange(completed.TtftMs, 0.001, completed.TotalMs);
        Assert.Contains(completed.FinishReason, new[] { "stop", "length" });
    }

    [Fact]
    public async Task GreedyCompletionOfOnceUponATimeStartsWithTheReferenceText()
    {
        var transcript = await Transcript.CollectAsync(server.Channel, Requests.User(Requests.StoryStart, maxTokens: 40, greedy: true));

        TestContext.Current.SendDiagnosticMessage($"greedy completion: {transcript.Text}");
        Assert.StartsWith(Requests.StoryContinuation, transcript.Text, StringComparison.Ordinal);
    }
}
