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

    private async Task<GatewayProcess> StartGatewayAsync(RedisServer redis, SyntheticLlmServer llm) =>
        await GatewayProcess.StartAsync(await environment.Postgres.CreateDatabaseAsync(), redis.ConnectionString, llm.Address,
            new Dictionary<string, string?> { ["Gateway__Identity__BootstrapApiKey"] = Key });

    private static async Task<Guid> CreateConversationAsync(HttpClient client)
    {
        using var created = await client.PostAsJsonAsync("/api/conversations", new { language = "en" }, Token);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetGuid();
    }
}
