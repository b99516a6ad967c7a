using System.Net.Http.Json;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing.SyntheticLlm;

namespace Platform.Gateway.Tests.Turns;

public sealed class RedisOutageTests(GatewayEnvironment environment)
{
    private const string Key = "pk_test_redis_outage_0123456789";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithRedisDownTurnsStillStreamAndAreStoredWhileHealthSaysDegraded()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var llm = await SyntheticLlmServer.StartAsync(new SyntheticLlmBehaviour { Tokens = 5, TokenInterval = TimeSpan.FromMilliseconds(5) });
        using var gateway = await StartGatewayAsync(redis, llm);
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        var conversation = await CreateConversationAsync(client);

        redis.Stop();
        var health = await Eventually.ReturnsAsync(
            () => client.GetFromJsonAsync<JsonElement>("/health", Token),
            h => h.GetProperty("status").GetString() == "Degraded",
            TimeSpan.FromSeconds(10));
        using var turn = await client.PostAsJsonAsync($"/api/conversations/{conversation}/turns", new { content = "Still there?" }, Token);
        var reply = await turn.Content.ReadFromJsonAsync<JsonElement>(Token);

        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        Assert.Equal("Degraded", health.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        Assert.Equal("w0 w1 w2 w3 w4", reply.GetProperty("text").GetString());
        var details = await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", Token);
        Assert.Equal("w0 w1 w2 w3 w4", details.GetProperty("messages")[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task WithRedisHangingHealthSaysDegradedTurnLookupsAndTurnsStillAnswerAndHealthRecoversWhenItAnswersAgain()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var llm = await SyntheticLlmServer.StartAsync(new SyntheticLlmBehaviour { Tokens = 5, TokenInterval = TimeSpan.FromMilliseconds(5) });
        using var gateway = await StartGatewayAsync(redis, llm);
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        var conversation = await CreateConversationAsync(client);

        await redis.FreezeAsync();
        JsonElement reply;
        try
        {
            var hanging = await Eventually.ReturnsAsync(
                () => client.GetFromJsonAsync<JsonElement>("/health", Token),
                h => h.GetProperty("status").GetString() == "Degraded",
                TimeSpan.FromSeconds(15));
            Assert.Contains("silent", hanging.GetProperty("checks").GetProperty("redis").GetProperty("description").GetString(), StringComparison.Ordinal);
            using var answerSoon = CancellationTokenSource.CreateLinkedTokenSource(Token);
            answerSoon.CancelAfter(TimeSpan.FromSeconds(10));
            using var unknownCancel = await client.PostAsync($"/api/turns/{Guid.NewGuid()}/cancel", null, answerSoon.Token);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, unknownCancel.StatusCode);
            using var turn = await client.PostAsJsonAsync($"/api/conversations/{conversation}/turns", new { content = "Still there?" }, Token);
            reply = await turn.Content.ReadFromJsonAsync<JsonElement>(Token);
        }
        finally
        {
            await redis.ThawAsync();
        }

        Assert.Equal("w0 w1 w2 w3 w4", reply.GetProperty("text").GetString());
        var healthy = await Eventually.ReturnsAsync(
            () => client.GetFromJsonAsync<JsonElement>("/health", Token),
            h => h.GetProperty("status").GetString() == "Healthy",
            TimeSpan.FromSeconds(15));
        Assert.Equal("Healthy", healthy.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
    }

    [Fact]
    public async Task AReplicaStartedWhileRedisWasDownHearsTheOtherReplicasCancelOnceRedisIsBack()
    {
        await using var redis = await RedisServer.StartAsync();
        redis.Stop();
        await using var llm = await SyntheticLlmServer.StartAsync(new SyntheticLlmBehaviour { Tokens = 1_000, TokenInterval = TimeSpan.FromMilliseconds(20) });
        var database = await environment.Postgres.CreateDatabaseAsync();
        using var running = await StartGatewayAsync(database, redis, llm);
        using var other = await StartGatewayAsync(database, redis, llm);

        await redis.RestartAsync();
        using var watcher = redis.Connect();
        await Eventually.ReturnsAsync(() => CancelListenersAsync(watcher), listeners => listeners == 2, TimeSpan.FromSeconds(30));
        using var client = running.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        using var otherClient = other.CreateClient();
        otherClient.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        var conversation = await CreateConversationAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversation}/turns") { Content = JsonContent.Create(new { content = "Go" }) };
        request.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
        var turnId = Guid.Parse(response.Headers.GetValues("X-Turn-Id").Single());
        SseEvent? last = null;
        var tokens = 0;
        await foreach (var e in SseReader.ReadAsync(await response.Content.ReadAsStreamAsync(Token), Token))
        {
            last = e;
            if (e.Type == "token" && ++tokens == 3)
            {
                using var cancel = await otherClient.PostAsync($"/api/turns/{turnId}/cancel", null, Token);
                Assert.Equal(System.Net.HttpStatusCode.Accepted, cancel.StatusCode);
            }
        }

        Assert.Equal("turn.completed", last?.Type);
        Assert.Equal("cancelled", last!.Json.GetProperty("status").GetString());
        Assert.Equal("cancelled", await llm.Behaviour.Calls.Single().Ended.WaitAsync(TimeSpan.FromSeconds(10), Token));
    }

    private static async Task<long> CancelListenersAsync(StackExchange.Redis.IConnectionMultiplexer redis)
    {
        var reply = (StackExchange.Redis.RedisResult[])(await redis.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", "turns:cancel"))!;
        return (long)reply[1];
    }

    private async Task<GatewayProcess> StartGatewayAsync(string database, RedisServer redis, SyntheticLlmServer llm) =>
        await GatewayProcess.StartAsync(database, redis.ConnectionString, llm.Address,
            new Dictionary<string, string?> { ["Gateway__Identity__BootstrapApiKey"] = Key });

    private async Task<GatewayProcess> StartGatewayAsync(RedisServer redis, SyntheticLlmServer llm) =>
        await GatewayProcess.StartAsync(await environment.Postgres.CreateDatabaseAsync(), redis.ConnectionString, llm.Address,
            new Dictionary<string, string?> { ["Gateway__Identity__BootstrapApiKey"] = Key });

    private static async Task<Guid> CreateConversationAsync(HttpClient client)
    {
        using var created = await client.PostAsJsonAsync("/api/conversations", new { language = "en" }, Token);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetGuid();
    }
}
