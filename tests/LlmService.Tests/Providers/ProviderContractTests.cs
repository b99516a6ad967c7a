using Grpc.Core;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Platform.LlmService.Generation;
using Platform.LlmService.Tests.Providers.Fakes;

namespace Platform.LlmService.Tests.Providers;

/// <summary>
/// The same contract for every remote provider, each against a fake server that speaks its real wire format
/// (Ollama NDJSON, OpenAI chat-completion SSE chunks, Anthropic message-stream SSE events).
/// </summary>
public sealed class ProviderContractTests : IAsyncLifetime
{
    private FakeProviderServer server = null!;

    public async ValueTask InitializeAsync() => server = await FakeProviderServer.StartAsync();

    public ValueTask DisposeAsync() => server.DisposeAsync();

    [Theory]
    [MemberData(nameof(RemoteProviders.Names), MemberType = typeof(RemoteProviders))]
    public async Task StreamsEachPieceInOrderThenStopWithUsage(string provider)
    {
        server.Script = FakeScript.Text("Once", " upon", " a time");

        var stream = await ChatStream.ReadAsync(RemoteProviders.Client(provider, server.Address), "Tell me a story.");

        Assert.Equal(["Once", " upon", " a time"], stream.Pieces);
        Assert.Equal(ChatFinishReason.Stop, stream.FinishReason);
        Assert.Equal(3, stream.Usage!.OutputTokenCount);
        Assert.Equal(7, stream.Usage.InputTokenCount);
    }

    [Theory]
    [MemberData(nameof(RemoteProviders.Names), MemberType = typeof(RemoteProviders))]
    public async Task AGenerationCutByMaxTokensFinishesWithLength(string provider)
    {
        server.Script = FakeScript.Text("Once", " upon") with { Ending = FakeEnding.Length };

        var stream = await ChatStream.ReadAsync(RemoteProviders.Client(provider, server.Address), "Tell me a story.");

        Assert.Equal(ChatFinishReason.Length, stream.FinishReason);
    }

    [Theory]
    [MemberData(nameof(RemoteProviders.Names), MemberType = typeof(RemoteProviders))]
    public async Task SendsModelConversationAndSamplingOptionsInItsWireFormat(string provider)
    {
        server.Script = FakeScript.Text("ok");
        var options = new ChatOptions { MaxOutputTokens = 33, Temperature = 0.5f, TopP = 0.9f, StopSequences = ["\nUser:"] };
        ChatMessage[] conversation = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi"), new(ChatRole.Assistant, "Hello!"), new(ChatRole.User, "A story?")];

        await foreach (var _ in RemoteProviders.Client(provider, server.Address).GetStreamingResponseAsync(conversation, options, TestContext.Current.CancellationToken))
        {
        }

        var body = Assert.Single(server.Requests);
        Assert.Equal("test-model", body.GetProperty("model").GetString());
        Assert.True(body.GetProperty("stream").GetBoolean());
        var sampling = provider == "ollama" ? body.GetProperty("options") : body;
        var (messages, maxTokens, stop) = provider switch
        {
            "ollama" => (body.GetProperty("messages"), sampling.GetProperty("num_predict"), sampling.GetProperty("stop")),
            "openai" => (body.GetProperty("messages"), MaxCompletionTokens(body), body.GetProperty("stop")),
            _ => (body.GetProperty("messages"), body.GetProperty("max_tokens"), body.GetProperty("stop_sequences")),
        };
        Assert.Equal(33, maxTokens.GetInt32());
        Assert.Equal(0.5, sampling.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(0.9, sampling.GetProperty("top_p").GetDouble(), 3);
        Assert.Equal("\nUser:", Assert.Single(stop.EnumerateArray()).GetString());
        var turns = messages.EnumerateArray().Select(message => (message.GetProperty("role").GetString(), Text(message.GetProperty("content")))).ToList();
        if (provider == "anthropic")
        {
            Assert.Equal("Be brief.", Text(body.GetProperty("system")));
            Assert.Equal([("user", "Hi"), ("assistant", "Hello!"), ("user", "A story?")], turns);
        }
        else
        {
            Assert.Equal([("system", "Be brief."), ("user", "Hi"), ("assistant", "Hello!"), ("user", "A story?")], turns);
        }
    }

    [Theory]
    [MemberData(nameof(RemoteProviders.Names), MemberType = typeof(RemoteProviders))]
    public async Task AnErrorInTheMiddleOfTheStreamFailsTheCallAfterTheTextBeforeIt(string provider)
    {
        server.Script = FakeScript.Text("Once", " upon") with { Ending = FakeEnding.Error, ErrorMessage = "upstream overloaded" };
        var received = new List<string>();

        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var update in RemoteProviders.Client(provider, server.Address).GetStreamingResponseAsync("Tell me a story.", cancellationToken: TestContext.Current.CancellationToken))
            {
                if (update.Text.Length > 0)
                {
                    received.Add(update.Text);
                }
            }
        });

        Assert.Equal(["Once", " upon"], received);
        Assert.Contains("upstream overloaded", failure.Message + failure.InnerException?.Message, StringComparison.Ordinal);
        var status = GenerationFailure.ToRpcException(failure, provider);
        Assert.Equal(StatusCode.Unavailable, status!.StatusCode);
    }

    [Theory]
    [MemberData(nameof(RemoteProviders.Names), MemberType = typeof(RemoteProviders))]
    public async Task CancellingTheStreamAbortsTheUpstreamRequest(string provider)
    {
        server.Script = FakeScript.Text("Once") with { Ending = FakeEnding.Hang };
        server.ExpectClientToGoAway();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var received = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in RemoteProviders.Client(provider, server.Address).GetStreamingResponseAsync("Tell me a story.", cancellationToken: cancellation.Token))
            {
                if (update.Text.Length > 0)
                {
                    received.Add(update.Text);
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal(["Once"], received);
        var cancelled = System.Diagnostics.Stopwatch.StartNew();
        await server.ClientWentAway.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        TestContext.Current.SendDiagnosticMessage($"{provider}: the upstream request ended {cancelled.Elapsed.TotalMilliseconds:0.0} ms after the cancellation");

        // HttpClient's default keeps an abandoned response open for up to 2 s to drain it; the upstream must hear at once.
        Assert.True(cancelled.Elapsed < TimeSpan.FromSeconds(1), $"the upstream request ended only after {cancelled.Elapsed.TotalMilliseconds:0} ms");
    }

    [Theory]
    [MemberData(nameof(RemoteProviders.Names), MemberType = typeof(RemoteProviders))]
    public async Task ARateLimitBeforeTheStreamBecomesResourceExhaustedWithTheProvidersMessage(string provider)
    {
        server.Script = new FakeScript([], FakeEnding.HttpError, "slow down please", HttpStatus: 429);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ChatStream.ReadAsync(RemoteProviders.Client(provider, server.Address), "Hi"));

        var status = GenerationFailure.ToRpcException(failure, provider);
        Assert.Equal(StatusCode.ResourceExhausted, status!.StatusCode);
        Assert.Contains("slow down please", status.Status.Detail, StringComparison.Ordinal);
    }

    private static JsonElement MaxCompletionTokens(JsonElement body) =>
        body.TryGetProperty("max_completion_tokens", out var value) ? value : body.GetProperty("max_tokens");

    private static string? Text(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString(),
        JsonValueKind.Array => string.Concat(content.EnumerateArray().Select(part => part.GetProperty("text").GetString())),
        _ => content.ToString(),
    };
}
