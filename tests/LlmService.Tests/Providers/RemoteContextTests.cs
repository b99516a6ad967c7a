using Platform.Contracts.Llm;
using Platform.LlmService.Tests.Generation;
using Platform.LlmService.Tests.Providers.Fakes;
using Grpc.Core;

namespace Platform.LlmService.Tests.Providers;

/// <summary>Remote providers follow the same context rule, with their window from Llm:ContextSize and an estimated count.</summary>
public sealed class RemoteContextTests
{
    private const int ContextSize = 400;

    public static TheoryData<string> Providers => RemoteProviders.Names;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ALongConversationReachesTheProviderWithoutItsOldestMessagesAndStartedSaysHowMany(string provider)
    {
        await using var upstream = await FakeProviderServer.StartAsync();
        upstream.Script = FakeScript.Text("Fine", ".");
        await using var server = await LlmServer.StartAsync(Settings(provider, upstream));
        var request = new GenerateRequest { Options = new GenerationOptions { MaxTokens = 50 } };
        request.Messages.Add(new ChatMessage { Role = Role.System, Content = "You are a tutor." });
        for (var i = 0; i < 20; i++)
        {
            request.Messages.Add(new ChatMessage { Role = i % 2 == 0 ? Role.User : Role.Assistant, Content = $"History {i:00}: " + new string('x', 100) });
        }

        request.Messages.Add(new ChatMessage { Role = Role.User, Content = "The new question." });

        var transcript = await Transcript.CollectAsync(server.Channel, request);

        Assert.Equal("Fine.", transcript.Text);
        var dropped = transcript.Started!.DroppedMessages;
        Assert.InRange(dropped, 1, 19);
        var sent = upstream.Requests[^1].GetRawText();
        Assert.DoesNotContain($"History {dropped - 1:00}", sent, StringComparison.Ordinal);
        Assert.Contains($"History {dropped:00}", sent, StringComparison.Ordinal);
        Assert.Contains("History 19", sent, StringComparison.Ordinal);
        Assert.Contains("You are a tutor.", sent, StringComparison.Ordinal);
        Assert.Contains("The new question.", sent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AMessageTooLongForTheConfiguredWindowIsOutOfRangeAndNeverSentUpstream(string provider)
    {
        await using var upstream = await FakeProviderServer.StartAsync();
        await using var server = await LlmServer.StartAsync(Settings(provider, upstream));
        var sentAtStart = upstream.Requests.Count;

        var failure = await Assert.ThrowsAsync<RpcException>(() => Transcript.CollectAsync(server.Channel, Requests.User(new string('x', 3 * ContextSize))));

        Assert.Equal(StatusCode.OutOfRange, failure.StatusCode);
        Assert.Contains($"The prompt is about {ContextSize + 3 + 4} tokens", failure.Status.Detail, StringComparison.Ordinal);
        Assert.Contains($"the model's context holds {ContextSize} tokens per request", failure.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(sentAtStart, upstream.Requests.Count);
    }

    private static Dictionary<string, string?> Settings(string provider, FakeProviderServer upstream)
    {
        upstream.PreloadGate.TrySetResult();
        return new()
        {
            ["Llm:Provider"] = provider,
            ["Llm:Model"] = "test-model",
            ["Llm:ApiKey"] = "test-key",
            ["Llm:BaseUrl"] = provider == "openai" ? new Uri(upstream.Address, "v1").ToString() : upstream.Address.ToString(),
            ["Llm:ContextSize"] = ContextSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Llm:MinReplyTokens"] = "50",
        };
    }
}
