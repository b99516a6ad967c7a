using System.Diagnostics;
using Platform.Contracts.Llm;
using Platform.LlmService.Context;
using Platform.LlmService.Generation;
using Grpc.Core;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatRole = Microsoft.Extensions.AI.ChatRole;

namespace Platform.LlmService.Tests.Generation;

/// <summary>Every prompt fits stories260K's context (256 tokens here), counted by its own tokenizer.</summary>
public sealed class ContextFittingTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string System = "You tell short stories to children.";
    private const string Latest = "Tell me about the dog.";
    private const int MaxTokens = 40;

    [Fact]
    public async Task ALongConversationLeavesOutItsOldestMessagesSoPromptAndReplyFitAndStartedAndTheSpanSayHowMany()
    {
        using var spans = new SpanCollector();
        using var testSource = new ActivitySource(SpanCollector.TestSourceName);
        var history = Enumerable.Range(0, 12)
            .Select(i => (Role: i % 2 == 0 ? Role.User : Role.Assistant, Content: $"Story {i}: once upon a time there was a little cat who liked to play in the sun with a ball."))
            .ToList();
        var request = Conversation(history);

        Transcript transcript;
        ActivityTraceId trace;
        using (var root = testSource.StartActivity("test"))
        {
            trace = root!.TraceId;
            transcript = await Transcript.CollectAsync(fixture.Server.Channel, request);
        }

        var dropped = transcript.Started!.DroppedMessages;
        Assert.InRange(dropped, 1, history.Count - 1);
        Assert.InRange(transcript.Started.PromptTokens + transcript.Completed!.CompletionTokens, 1, ServerFixture.ContextSize);
        Assert.True(transcript.Tokens.Count > 0);

        // Left out in whole blocks (and a reply that would then lead the history with them), the fewest blocks that
        // fit: keeping one block more would not leave the reply its budget.
        var counter = (IPromptTokenCounter)fixture.Server.Provider;
        var blocks = dropped / ContextWindow.TrimStep * ContextWindow.TrimStep;
        Assert.True(dropped == blocks || (dropped == blocks + 1 && history[blocks].Role == Role.Assistant), $"{dropped} left out");
        Assert.Equal(transcript.Started.PromptTokens, counter.CountPromptTokens(Messages(history.Skip(dropped))));
        Assert.True(counter.CountPromptTokens(Messages(history.Skip(blocks - ContextWindow.TrimStep))) + MaxTokens > ServerFixture.ContextSize);
        Assert.NotEqual(Role.Assistant, history[dropped].Role);

        var span = await spans.NextAsync(a => a.TraceId == trace && a.Kind == ActivityKind.Server);
        Assert.Equal(dropped, span.GetTagItem(GenerationTelemetry.DroppedMessagesTag));
        Assert.Equal(Math.Min(MaxTokens, ServerFixture.ContextSize - transcript.Started.PromptTokens), span.GetTagItem("gen_ai.request.max_tokens"));
    }

    [Fact]
    public async Task AConversationThatFitsIsSentWholeAndStartedSaysNothingWasLeftOut()
    {
        var transcript = await Transcript.CollectAsync(fixture.Server.Channel, Conversation([(Role.User, "Hello."), (Role.Assistant, "Hello, little one.")]));

        Assert.Equal(0, transcript.Started!.DroppedMessages);
        Assert.True(transcript.Tokens.Count > 0);
    }

    [Fact]
    public async Task AMessageThatCannotFitEvenAloneIsOutOfRangeNamingTheContext()
    {
        var request = Conversation([(Role.User, "Hello.")]);
        request.Messages[^1].Content = string.Join(' ', Enumerable.Repeat("Once upon a time there was a dog.", 60));

        var failure = await Assert.ThrowsAsync<RpcException>(() => Transcript.CollectAsync(fixture.Server.Channel, request));

        Assert.Equal(StatusCode.OutOfRange, failure.StatusCode);
        Assert.Contains($"the model's context holds {ServerFixture.ContextSize} tokens per request", failure.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("even with every earlier message left out", failure.Status.Detail, StringComparison.Ordinal);
    }

    private static GenerateRequest Conversation(IEnumerable<(Role Role, string Content)> history)
    {
        var request = new GenerateRequest { Options = new GenerationOptions { MaxTokens = MaxTokens, Greedy = true }, Priority = Priority.Interactive };
        request.Messages.Add(new ChatMessage { Role = Role.System, Content = System });
        request.Messages.AddRange(history.Select(message => new ChatMessage { Role = message.Role, Content = message.Content }));
        request.Messages.Add(new ChatMessage { Role = Role.User, Content = Latest });
        return request;
    }

    private static List<AIChatMessage> Messages(IEnumerable<(Role Role, string Content)> history) =>
    [
        new(AIChatRole.System, System),
        .. history.Select(message => new AIChatMessage(message.Role == Role.User ? AIChatRole.User : AIChatRole.Assistant, message.Content)),
        new(AIChatRole.User, Latest),
    ];
}
