using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing.SyntheticLlm;

namespace Platform.Gateway.Tests.Limits;

public sealed class LimitsTests(GatewayEnvironment environment)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OverTheRequestRateTheAnswerIs429WithRetryAfter()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, settings: new Dictionary<string, string?> { ["Gateway__Limits__RequestsPerMinute"] = "5" });
        var conversation = await harness.CreateConversationAsync();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await harness.Client().GetAsync($"/api/conversations/{conversation}", Token);
            statuses.Add(response.StatusCode);
            limited = response;
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.InRange(limited!.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await harness.Client().GetAsync("/health", Token)).StatusCode);
    }

    [Fact]
    public async Task TheConcurrentTurnCapHoldsAcrossTwoGatewaysAndFreesWhenATurnEnds()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 1_000, TokenInterval = TimeSpan.FromMilliseconds(20) },
            replicas: 2, settings: new Dictionary<string, string?> { ["Gateway__Limits__ConcurrentTurns"] = "1" });
        var first = await harness.CreateConversationAsync();
        var second = await harness.CreateConversationAsync();

        using var running = await harness.StartStreamingTurnAsync(first, "long one", replica: 0);
        var turnId = Guid.Parse(running.Headers.GetValues("X-Turn-Id").Single());
        using var refused = await harness.Client(1).PostAsJsonAsync($"/api/conversations/{second}/turns", new { content = "another" }, Token);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("too_many_turns", await refused.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);

        using (var cancel = await harness.Client(1).PostAsync($"/api/turns/{turnId}/cancel", null, Token))
        {
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        }

        // The cancel may land before the model was even called, so the turn's own stream says when it ended.
        var ended = await SseReader.ReadAsync(await running.Content.ReadAsStreamAsync(Token), Token).LastAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Token);
        Assert.Equal("cancelled", ended.Json.GetProperty("status").GetString());
        harness.Llm.Behaviour.Tokens = 2;
        var accepted = await Eventually.ReturnsAsync(
            () => harness.Client(1).PostAsJsonAsync($"/api/conversations/{second}/turns", new { content = "now" }, Token),
            response => response.StatusCode != HttpStatusCode.TooManyRequests,
            TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task OversizedBodyIs413AndMalformedJsonIs400NamingTheProblem()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, settings: new Dictionary<string, string?> { ["Gateway__Limits__MaxBodyBytes"] = "2048" });
        var conversation = await harness.CreateConversationAsync();

        using var oversized = await harness.Client().PostAsync($"/api/conversations/{conversation}/turns",
            new StringContent(JsonSerializer.Serialize(new { content = new string('a', 4_000) }), Encoding.UTF8, "application/json"), Token);
        using var malformed = await harness.Client().PostAsync($"/api/conversations/{conversation}/turns",
            new StringContent("{\"content\": \"hi\",}", Encoding.UTF8, "application/json"), Token);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Equal("application/problem+json", oversized.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var problem = await malformed.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Contains("not valid JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedWebSocketFrameGetsAnErrorFrame()
    {
        await using var harness = await GatewayHarness.StartAsync(environment);
        using var socket = await GatewaySocket.ConnectAsync(harness, await harness.CreateConversationAsync());

        await socket.SendAsync(new { type = "message", content = new string('a', 70_000) });
        var frame = await socket.ReceiveAsync();

        Assert.Equal("error", frame.GetProperty("type").GetString());
        Assert.Equal("frame_too_large", frame.GetProperty("data").GetProperty("code").GetString());
    }

    [Fact]
    public async Task WebSocketFromAForeignOriginIsRefusedAndFromAnAllowedOneAccepted()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, settings: new Dictionary<string, string?> { ["Gateway__Limits__AllowedOrigins__0"] = "https://app.example" });
        var address = new UriBuilder(harness.Gateways[0].Address) { Scheme = "ws", Path = $"/ws/conversations/{await harness.CreateConversationAsync()}" }.Uri;

        using var foreign = new ClientWebSocket();
        foreign.Options.SetRequestHeader("Authorization", $"Bearer {harness.ApiKey}");
        foreign.Options.SetRequestHeader("Origin", "https://evil.example");
        foreign.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => foreign.ConnectAsync(address, Token));
        using var allowed = new ClientWebSocket();
        allowed.Options.SetRequestHeader("Authorization", $"Bearer {harness.ApiKey}");
        allowed.Options.SetRequestHeader("Origin", "https://app.example");
        await allowed.ConnectAsync(address, Token);

        Assert.Equal(HttpStatusCode.Forbidden, foreign.HttpStatusCode);
        Assert.Equal(WebSocketState.Open, allowed.State);
    }

    [Fact]
    public async Task WebSocketMessagesCountAgainstTheRequestRate()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 1, TokenInterval = TimeSpan.Zero });
        using var socket = await GatewaySocket.ConnectAsync(harness, await harness.CreateConversationAsync());

        for (var i = 0; i < 150; i++)
        {
            await socket.SendAsync(new { type = "message", content = $"message {i}" });
            await socket.SendAsync(new { type = "cancel" });
        }

        // 120 a minute: the conversation's creation and the socket's upgrade took two, so 118 of the 300 frames are handled.
        var limited = 0;
        while (limited < 182)
        {
            limited += IsRateLimited(await socket.ReceiveAsync()) ? 1 : 0;
        }

        // Pings do not count, and frames are answered in order, so every refusal comes before the pong.
        await socket.SendAsync(new { type = "ping" });
        JsonElement frame;
        while ((frame = await socket.ReceiveAsync()).GetProperty("type").GetString() != "pong")
        {
            limited += IsRateLimited(frame) ? 1 : 0;
        }

        Assert.Equal(182, limited);
        Assert.Equal(WebSocketState.Open, socket.Socket.State);
    }

    private static bool IsRateLimited(JsonElement frame)
    {
        if (frame.GetProperty("type").GetString() != "error" || frame.GetProperty("data").GetProperty("code").GetString() != "rate_limited")
        {
            return false;
        }

        Assert.InRange(frame.GetProperty("retryAfter").GetInt32(), 1, 60);
        return true;
    }
}
