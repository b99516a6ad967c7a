using Platform.Testing;
using Grpc.Core;
using Platform.Contracts.Llm;
using Platform.LlmService.Generation;

namespace Platform.LlmService.Tests.Generation;

/// <summary>Bad input is INVALID_ARGUMENT with a message that says what to change.</summary>
public sealed class ValidationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    public static TheoryData<string, string> BadRequests => new()
    {
        { "no messages", "messages is empty" },
        { "unspecified role", "messages[0].role is ROLE_UNSPECIFIED" },
        { "unknown role", "messages[1].role is 7" },
        { "empty content", "messages[0].content is empty" },
        { "negative max tokens", "options.max_tokens is -1" },
        { "max tokens over the limit", "options.max_tokens is 1001; it must be between 1 and 1000" },
        { "temperature too high", "options.temperature is 2.5" },
        { "top_p over one", "options.top_p is 1.5" },
        { "negative top_k", "options.top_k is -3" },
        { "unknown model", "model 'gpt-9' is not served here; this service serves 'stories260K'" },
        { "unknown priority", "priority 9 is unknown" },
        { "cache key too long", "cache_key is 300 characters; it takes at most 256." },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadInputIsInvalidArgumentWithAMessageNamingTheProblem(string problem, string message)
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() => Transcript.CollectAsync(fixture.Server.Channel, Build(problem)));

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Contains(message, failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyModelSelectsTheConfiguredOneAndItsOwnNameIsAccepted()
    {
        var request = Requests.User(Requests.StoryStart, maxTokens: 3);
        request.Model = "stories260K";

        var transcript = await Transcript.CollectAsync(fixture.Server.Channel, request);

        Assert.Equal("stories260K", transcript.Started!.Model);
    }

    [Fact]
    public async Task ModelsListsTheHotModelWithItsProviderStateAndTimings()
    {
        var reply = await new Llm.LlmClient(fixture.Server.Channel).ModelsAsync(new ModelsRequest(), Calls.WithTimeout(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).ResponseAsync;

        var model = Assert.Single(reply.Models);
        Assert.Equal("stories260K", model.Id);
        Assert.Equal("local", model.Provider);
        Assert.Equal("ready", model.State);
        Assert.True(model.LoadMs > 0 && model.WarmupMs > 0, $"load {model.LoadMs} ms, warm-up {model.WarmupMs} ms");
        Assert.Contains("no chat template", model.Description, StringComparison.Ordinal);
        TestContext.Current.SendDiagnosticMessage($"{model.Id}: load {model.LoadMs:0.0} ms, warm-up {model.WarmupMs:0.0} ms; {model.Description}");
    }

    private static GenerateRequest Build(string problem)
    {
        var request = Requests.User(Requests.StoryStart, maxTokens: 5);
        switch (problem)
        {
            case "no messages":
                request.Messages.Clear();
                break;
            case "unspecified role":
                request.Messages[0].Role = Role.Unspecified;
                break;
            case "unknown role":
                request.Messages.Add(new ChatMessage { Role = (Role)7, Content = "x" });
                break;
            case "empty content":
                request.Messages[0].Content = " ";
                break;
            case "negative max tokens":
                request.Options.MaxTokens = -1;
                break;
            case "max tokens over the limit":
                request.Options.MaxTokens = 1001;
                break;
            case "temperature too high":
                request.Options.Temperature = 2.5f;
                break;
            case "top_p over one":
                request.Options.TopP = 1.5f;
                break;
            case "negative top_k":
                request.Options.TopK = -3;
                break;
            case "cache key too long":
                request.CacheKey = new string('k', 300);
                break;
            case "unknown model":
                request.Model = "gpt-9";
                break;
            case "unknown priority":
                request.Priority = (Priority)9;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(problem), problem, null);
        }

        return request;
    }
}
