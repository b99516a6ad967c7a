using Platform.Testing;
using Platform.Contracts.Grpc;
using Grpc.Core;
using System.Diagnostics;
using Platform.Contracts.Llm;
using Platform.LlmService.Generation;
using Platform.LlmService.Providers.Local;

namespace Platform.LlmService.Tests.Generation;

/// <summary>A caller that cancels, or whose deadline passes, stops decoding within one token; the model is free at once.</summary>
[Collection(nameof(TimingSensitive))]
public sealed class CancellationTests : IAsyncLifetime
{
    private LlmServer server = null!;

    public async ValueTask InitializeAsync() => server = await LlmServer.StartAsync();

    public ValueTask DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task CancellingAfterTheThirdTokenStopsDecodingWithinOneTokenAndTheNextRequestIsServed()
    {
        using var spans = new SpanCollector();
        var tokens = 0;
        long cancelledAt = 0;
        await foreach (var generateEvent in new Llm.LlmClient(server.Channel).Generate(Requests.User(Requests.StoryStart, maxTokens: 1000, seed: 5), CallOptions()).ResponsesAsync(TestContext.Current.CancellationToken))
        {
            if (generateEvent.EventCase == GenerateEvent.EventOneofCase.Token && ++tokens == 3)
            {
                cancelledAt = Stopwatch.GetTimestamp();
                break;
            }
        }

        TimeSpan? nextFirstToken = null;
        await foreach (var generateEvent in new Llm.LlmClient(server.Channel).Generate(Requests.User(Requests.StoryStart, maxTokens: 8, greedy: true), CallOptions()).ResponsesAsync(TestContext.Current.CancellationToken))
        {
            if (generateEvent.EventCase == GenerateEvent.EventOneofCase.Token)
            {
                nextFirstToken ??= Stopwatch.GetElapsedTime(cancelledAt);
            }
        }

        var cancelled = await spans.NextAsync(span => span.GetTagItem("llm.finish_reason") as string == "cancelled");
        var afterCancel = (int)cancelled.GetTagItem(LocalChatClient.TokensAfterCancellationTag)!;
        var generated = (int)cancelled.GetTagItem("gen_ai.usage.output_tokens")!;
        TestContext.Current.SendDiagnosticMessage(
            $"cancelled after 3 tokens read: {generated} decoded in all, {afterCancel} after the cancellation reached the service; next request's first token {nextFirstToken!.Value.TotalMilliseconds:0.00} ms after the cancel");
        Assert.Equal(3, tokens);
        Assert.InRange(afterCancel, 0, 1);
        Assert.InRange(generated, 3, 999);
        Assert.NotNull(nextFirstToken);
    }

    [Fact]
    public async Task APassedDeadlineEndsTheCallWithDeadlineExceededAndStopsDecoding()
    {
        var request = Requests.User(Requests.StoryStart, maxTokens: 1000, seed: 5);

        // The 100 ms are the service's to decode in and act on, not the first call's connection and JIT on a busy machine.
        await Transcript.CollectAsync(server.Channel, Requests.User(Requests.StoryStart, maxTokens: 1, greedy: true));

        // On a loaded machine the deadline can pass before the request leaves this process, or while it waits for the
        // decoder: such an attempt never decoded, so another is made; the assertions are about one that did.
        for (var attempt = 1; ; attempt++)
        {
            using var spans = new SpanCollector();
            var failure = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                await foreach (var _ in new Llm.LlmClient(server.Channel).Generate(request, Calls.WithTimeout(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken)).ResponsesAsync(TestContext.Current.CancellationToken))
                {
                }
            });
            Assert.Equal(StatusCode.DeadlineExceeded, failure.StatusCode);

            var cancelled = await spans.TryNextAsync(span => span.GetTagItem("llm.finish_reason") as string == "cancelled", TimeSpan.FromSeconds(10));
            if (cancelled?.GetTagItem("gen_ai.usage.output_tokens") is int decoded && decoded > 0)
            {
                Assert.InRange((int)cancelled.GetTagItem(LocalChatClient.TokensAfterCancellationTag)!, 0, 1);
                Assert.InRange(decoded, 1, 999);
                return;
            }

            Assert.True(attempt < 5, $"None of {attempt} calls with a 100 ms deadline was decoding when it passed.");
        }
    }

    private static CallOptions CallOptions() => Calls.WithTimeout(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
}
