using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing.SyntheticLlm;

namespace Platform.Gateway.Tests.Turns;

/// <summary>Turns that do not end well: cancelled from another replica, a dying model service, bad input.</summary>
public sealed class TurnFailureTests(GatewayEnvironment environment)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CancelThroughTheOtherReplicaEndsTheStreamAsCancelledStoresThePartialReplyAndStopsGeneration()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 1_000, TokenInterval = TimeSpan.FromMilliseconds(20) }, replicas: 2);
        var conversation = await harness.CreateConversationAsync();

        using var response = await harness.StartStreamingTurnAsync(conversation, "Go", replica: 0);
        var turnId = Guid.Parse(response.Headers.GetValues("X-Turn-Id").Single());
        var events = new List<SseEvent>();
        await foreach (var e in SseReader.ReadAsync(await response.Content.ReadAsStreamAsync(Token), Token))
        {
            events.Add(e);
            if (events.Count(x => x.Type == "token") == 3)
            {
                using var cancel = await harness.Client(1).PostAsync($"/api/turns/{turnId}/cancel", null, Token);
                Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            }
        }

        var completed = events[^1];
        Assert.True(completed.Type == "turn.completed", $"The stream ended with {completed.Type}: {completed.Json}");
        Assert.Equal("cancelled", completed.Json.GetProperty("status").GetString());
        var streamed = string.Concat(events.Where(e => e.Type == "token").Select(e => e.Json.GetProperty("text").GetString()));
        Assert.Equal(streamed, completed.Json.GetProperty("text").GetString());
        Assert.Equal(("cancelled", streamed), await harness.StoredReplyAsync(turnId));

        var call = harness.Llm.Behaviour.Calls.Single();
        Assert.Equal("cancelled", await call.Ended.WaitAsync(TimeSpan.FromSeconds(15), Token));
        Assert.True(call.Emitted < 1_000);
    }

    [Fact]
    public async Task ModelServiceDyingMidTurnGivesARetryableErrorPromptlyAndStoresTheReplyAsFailed()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 1_000, TokenInterval = TimeSpan.FromMilliseconds(10) });
        var conversation = await harness.CreateConversationAsync();

        using var response = await harness.StartStreamingTurnAsync(conversation, "Go");
        var turnId = Guid.Parse(response.Headers.GetValues("X-Turn-Id").Single());
        var events = new List<SseEvent>();
        DateTimeOffset diedAt = default;
        await foreach (var e in SseReader.ReadAsync(await response.Content.ReadAsStreamAsync(Token), Token))
        {
            events.Add(e);
            if (diedAt == default && events.Count(x => x.Type == "token") == 4)
            {
                diedAt = DateTimeOffset.UtcNow;
                harness.Llm.Behaviour.AbortRunningCalls();
            }
        }

        var error = events[^1];
        Assert.Equal("error", error.Type);
        Assert.True(error.Json.GetProperty("retryable").GetBoolean());
        Assert.InRange((error.ReceivedAt - diedAt).TotalSeconds, 0, 2);
        var streamed = string.Concat(events.Where(e => e.Type == "token").Select(e => e.Json.GetProperty("text").GetString()));
        var stored = await harness.StoredReplyAsync(turnId);
        Assert.Equal("failed", stored?.Status);
        Assert.StartsWith(streamed, stored?.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReaderOnAnotherReplicaLearnsThatTheReplicaRunningTheTurnDiedInsteadOfWaitingForever()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 5_000, TokenInterval = TimeSpan.FromMilliseconds(20) },
            replicas: 2, settings: new Dictionary<string, string?> { ["Gateway__TurnLease"] = "00:00:02" });
        var conversation = await harness.CreateConversationAsync();
        using var started = await harness.StartStreamingTurnAsync(conversation, "Go", replica: 0);
        var turnId = Guid.Parse(started.Headers.GetValues("X-Turn-Id").Single());

        using var follower = await harness.OpenEventsAsync(turnId, lastEventId: null, replica: 1);
        var events = new List<SseEvent>();
        DateTimeOffset diedAt = default;
        await foreach (var e in SseReader.ReadAsync(await follower.Content.ReadAsStreamAsync(Token), Token))
        {
            events.Add(e);
            if (diedAt == default && events.Count(x => x.Type == "token") == 3)
            {
                diedAt = DateTimeOffset.UtcNow;
                harness.Gateways[0].KillHard();
            }
        }

        var lost = events[^1];
        Assert.Equal("error", lost.Type);
        Assert.Equal("turn_lost", lost.Json.GetProperty("code").GetString());
        Assert.True(lost.Json.GetProperty("retryable").GetBoolean());
        var delay = lost.ReceivedAt - diedAt;
        TestContext.Current.SendDiagnosticMessage($"turn_lost {delay.TotalSeconds:0.0} s after the running replica was killed (lease 2 s)");
        Assert.InRange(delay.TotalSeconds, 0, 10);
    }

    [Fact]
    public async Task ModelServiceThatIsDownGivesARetryableErrorWithoutHanging()
    {
        await using var harness = await GatewayHarness.StartAsync(environment);
        var conversation = await harness.CreateConversationAsync();
        await harness.Llm.DisposeAsync();

        var started = Stopwatch.GetTimestamp();
        using var response = await harness.StartStreamingTurnAsync(conversation, "Anyone there?");
        var events = await SseReader.ReadAsync(await response.Content.ReadAsStreamAsync(Token), Token).ToListAsync(Token);

        var error = Assert.Single(events);
        Assert.Equal("error", error.Type);
        Assert.Equal("llm_unavailable", error.Json.GetProperty("code").GetString());
        Assert.True(error.Json.GetProperty("retryable").GetBoolean());
        TestContext.Current.SendDiagnosticMessage($"error event after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms with the model service down");
    }

    [Fact]
    public async Task BadInputGetsProblemDetailsWithAClearMessage()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, settings: new Dictionary<string, string?> { ["Gateway__MaxMessageChars"] = "100" });
        var conversation = await harness.CreateConversationAsync();
        var client = harness.Client();

        await AssertProblemAsync(await client.PostAsJsonAsync($"/api/conversations/{conversation}/turns", new { content = "  " }, Token), HttpStatusCode.BadRequest, "content");
        await AssertProblemAsync(await client.PostAsJsonAsync($"/api/conversations/{conversation}/turns", new { content = new string('a', 101) }, Token), HttpStatusCode.RequestEntityTooLarge, "limit is 100");
        await AssertProblemAsync(await client.PostAsJsonAsync($"/api/conversations/{Guid.NewGuid()}/turns", new { content = "hi" }, Token), HttpStatusCode.NotFound, "no conversation");
        await AssertProblemAsync(await client.PostAsync($"/api/conversations/{conversation}/turns", new StringContent("{\"content\": ", Encoding.UTF8, "application/json"), Token), HttpStatusCode.BadRequest, null);
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/conversations", new { language = "not a language", level = "Z9" }, Token), HttpStatusCode.BadRequest, "CEFR");
        await AssertProblemAsync(await client.GetAsync($"/api/turns/{Guid.NewGuid()}/events", Token), HttpStatusCode.NotFound, "no turn");
        await AssertProblemAsync(await client.PostAsync($"/api/turns/{Guid.NewGuid()}/cancel", null, Token), HttpStatusCode.NotFound, "no turn");
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? detail)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(Token);
            Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            if (detail is not null)
            {
                Assert.Contains(detail, body, StringComparison.OrdinalIgnoreCase);
            }

            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        }
    }
}
