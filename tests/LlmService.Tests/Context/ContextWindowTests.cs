using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Platform.LlmService.Context;
using Platform.LlmService.Providers;

namespace Platform.LlmService.Tests.Context;

/// <summary>The fitting rule on its own, over a counter where every character is a token and a prompt adds nothing.</summary>
public sealed class ContextWindowTests
{
    private const int Context = 100;
    private const int MinReply = 20;

    private static readonly ChatMessage SystemPart = new(ChatRole.System, new string('s', 10));
    private static readonly ChatMessage Latest = new(ChatRole.User, new string('z', 10));

    private static readonly ContextWindow Window = new(new CharacterCounter(), Options.Create(new LlmOptions { ContextSize = Context, MinReplyTokens = MinReply }));

    [Fact]
    public void APromptThatFitsIsKeptWholeAndItsReplyGetsWhatRemainsUpToItsMaxTokens()
    {
        List<ChatMessage> messages = [new(ChatRole.System, new string('s', 10)), new(ChatRole.User, new string('u', 10)), new(ChatRole.User, new string('n', 10))];

        var fitted = Window.Fit(messages, maxReplyTokens: 500);

        Assert.Equal(messages, fitted.Messages);
        Assert.Equal(0, fitted.DroppedMessages);
        Assert.Equal(30, fitted.PromptTokens);
        Assert.Equal(70, fitted.ReplyTokens);
        Assert.Equal(25, Window.Fit(messages, maxReplyTokens: 25).ReplyTokens);
    }

    [Fact]
    public void TheOldestHistoryIsLeftOutInWholeBlocksKeepingTheSystemPartAndTheNewMessage()
    {
        var history = Exchanges(18, length: 5);

        var fitted = Window.Fit([SystemPart, .. history, Latest], maxReplyTokens: 500);

        // 10 + 10 + 5 per history message + at least 20 for the reply: 12 of the 18 would fit, but a whole block goes.
        Assert.Equal(ContextWindow.TrimStep, fitted.DroppedMessages);
        Assert.Equal([SystemPart, .. history[ContextWindow.TrimStep..], Latest], fitted.Messages);
        Assert.Equal(60, fitted.PromptTokens);
        Assert.Equal(40, fitted.ReplyTokens);
    }

    [Fact]
    public void TheNextTurnsOfAConversationKeepTheSameFirstMessageUntilAnotherBlockMustGo()
    {
        var history = Exchanges(26, length: 5);

        var firstKept = new List<ChatMessage>();
        for (var turnHistory = 18; turnHistory <= 26; turnHistory += 2)
        {
            var fitted = Window.Fit([SystemPart, .. history[..turnHistory], Latest], maxReplyTokens: 500);
            Assert.InRange(fitted.PromptTokens + 20, 1, Context);
            firstKept.Add(fitted.Messages[1]);
        }

        // Histories of 18, 20, 22, 24 and 26 messages need 6, 8, 10, 12 and 14 left out: one block for the first three, two after.
        Assert.Equal([history[10], history[10], history[10], history[20], history[20]], firstKept);
    }

    [Fact]
    public void WhenAWholeBlockWouldLeaveNoHistoryOnlyTheFewestAreLeftOut()
    {
        var history = Exchanges(20, length: 10);

        var fitted = Window.Fit([SystemPart, .. history[..14], Latest], maxReplyTokens: 500);

        // 6 of 14 fit: a block of ten goes and 4 stay. Of 20, 14 must go, and two blocks would leave none: only the 14 go.
        Assert.Equal(ContextWindow.TrimStep, fitted.DroppedMessages);
        var longer = Window.Fit([SystemPart, .. history, Latest], maxReplyTokens: 500);
        Assert.Equal(history.Count - 6, longer.DroppedMessages);
        Assert.Equal([SystemPart, .. history[^6..], Latest], longer.Messages);
    }

    [Fact]
    public void AReplyThatWouldLeadTheHistoryIsLeftOutWithItsQuestion()
    {
        var history = Exchanges(18, length: 5, startingWith: ChatRole.Assistant);

        var fitted = Window.Fit([SystemPart, .. history, Latest], maxReplyTokens: 500);

        // A block of ten would fit, but the history it leaves starts with a reply, so that goes too.
        Assert.Equal(ContextWindow.TrimStep + 1, fitted.DroppedMessages);
        Assert.Equal([SystemPart, .. history[(ContextWindow.TrimStep + 1)..], Latest], fitted.Messages);
        Assert.Equal(ChatRole.User, fitted.Messages[1].Role);
    }

    [Fact]
    public void ASmallerMaxTokensThanTheMinimumIsAllTheReplyNeeds()
    {
        List<ChatMessage> messages = [new(ChatRole.User, new string('a', 40)), new(ChatRole.User, new string('n', 50))];

        Assert.Equal(1, Window.Fit(messages, maxReplyTokens: MinReply).DroppedMessages);
        var fitted = Window.Fit(messages, maxReplyTokens: 10);

        Assert.Equal(0, fitted.DroppedMessages);
        Assert.Equal(10, fitted.ReplyTokens);
    }

    [Fact]
    public void ANewMessageThatCannotFitEvenAloneIsRefusedNamingTheContextAndWhatItNeeds()
    {
        List<ChatMessage> messages = [new(ChatRole.System, new string('s', 30)), new(ChatRole.User, new string('h', 5)), new(ChatRole.User, new string('n', 60))];

        var refused = Assert.Throws<GenerationRejectedException>(() => Window.Fit(messages, maxReplyTokens: 500));

        Assert.Equal(RejectionReason.ContextExceeded, refused.Reason);
        Assert.Contains("90 tokens even with every earlier message left out", refused.Message, StringComparison.Ordinal);
        Assert.Contains("at least 20", refused.Message, StringComparison.Ordinal);
        Assert.Contains("context holds 100 tokens per request", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MostThatFitIsTheLongestPrefixWhosePromptLeavesTheMinimumReply()
    {
        var items = Enumerable.Range(0, 30).Select(i => new string('x', 7)).ToList();
        IReadOnlyList<ChatMessage> Prompt(int n) => [new(ChatRole.System, new string('s', 10)), .. items.Take(n).Select(text => new ChatMessage(ChatRole.User, text))];

        Assert.Equal(10, Window.MostThatFit(items.Count, Prompt, maxReplyTokens: 500));
        Assert.Equal(0, Window.MostThatFit(1, _ => [new(ChatRole.User, new string('x', 81))], maxReplyTokens: 500));
    }

    [Fact]
    public void TheEstimateForProvidersWithoutATokenizerHereCountsAByteInThreeAndSomeTokensForEachMessage()
    {
        var counter = new EstimatedTokenCounter(Options.Create(new LlmOptions { ContextSize = 128_000 }));

        var tokens = counter.CountPromptTokens([new(ChatRole.System, new string('a', 30)), new(ChatRole.User, "日本語")]);

        Assert.False(counter.IsExact);
        Assert.Equal(128_000, counter.ContextTokens);
        Assert.Equal(EstimatedTokenCounter.TokensPerPrompt + (2 * EstimatedTokenCounter.TokensPerMessage) + 10 + 3, tokens);
    }

    /// <summary>Alternating questions and replies, each a different letter <paramref name="length"/> times.</summary>
    private static List<ChatMessage> Exchanges(int count, int length, ChatRole? startingWith = null)
    {
        var first = startingWith ?? ChatRole.User;
        var second = first == ChatRole.User ? ChatRole.Assistant : ChatRole.User;
        return Enumerable.Range(0, count).Select(i => new ChatMessage(i % 2 == 0 ? first : second, new string((char)('a' + i), length))).ToList();
    }

    private sealed class CharacterCounter : IPromptTokenCounter
    {
        public int ContextTokens => Context;

        public bool IsExact => true;

        public int CountPromptTokens(IReadOnlyList<ChatMessage> messages) => messages.Sum(message => message.Text.Length);
    }
}
