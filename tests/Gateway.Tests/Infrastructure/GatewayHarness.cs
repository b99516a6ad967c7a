using System.Net.Http.Headers;
using System.Net.Http.Json;
using Npgsql;
using Platform.Testing.SyntheticLlm;

namespace Platform.Gateway.Tests.Infrastructure;

/// <summary>Gateway replicas on their own database, the run's Redis, and a synthetic token source for a test.</summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    private readonly List<GatewayProcess> gateways = [];
    private readonly List<HttpClient> clients = [];

    private readonly SyntheticLlmServer? synthetic;

    private GatewayHarness(string database, SyntheticLlmServer? synthetic)
    {
        Database = database;
        this.synthetic = synthetic;
    }

    public string Database { get; }

    /// <summary>The API key every replica stores at start; the harness's clients send it.</summary>
    public string ApiKey { get; } = "pk_test_" + Guid.NewGuid().ToString("N");

    /// <summary>The synthetic token source, for harnesses started without a real LlmService.</summary>
    public SyntheticLlmServer Llm => synthetic ?? throw new InvalidOperationException("This harness runs against a real LlmService.");

    public IReadOnlyList<GatewayProcess> Gateways => gateways;

    public static async Task<GatewayHarness> StartAsync(
        GatewayEnvironment environment,
        SyntheticLlmBehaviour? behaviour = null,
        int replicas = 1,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var synthetic = await SyntheticLlmServer.StartAsync(behaviour);
        return await StartAsync(new GatewayHarness(await environment.Postgres.CreateDatabaseAsync(), synthetic), environment, synthetic.Address, replicas, settings);
    }

    /// <summary>Gateway replicas calling the LlmService at <paramref name="llm"/>.</summary>
    public static async Task<GatewayHarness> StartAsync(GatewayEnvironment environment, Uri llm, IReadOnlyDictionary<string, string?>? settings = null) =>
        await StartAsync(new GatewayHarness(await environment.Postgres.CreateDatabaseAsync(), null), environment, llm, 1, settings);

    private static async Task<GatewayHarness> StartAsync(GatewayHarness harness, GatewayEnvironment environment, Uri llm, int replicas, IReadOnlyDictionary<string, string?>? settings)
    {
        try
        {
            var withKey = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Gateway__Identity__BootstrapApiKey"] = harness.ApiKey };
            for (var i = 0; i < replicas; i++)
            {
                var gateway = await GatewayProcess.StartAsync(harness.Database, environment.Redis.ConnectionString, llm, withKey);
                harness.gateways.Add(gateway);
                var client = gateway.CreateClient();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", harness.ApiKey);
                harness.clients.Add(client);
            }
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }

        return harness;
    }

    public HttpClient Client(int replica = 0) => clients[replica];

    public async Task<Guid> CreateConversationAsync(object? settings = null)
    {
        using var response = await Client().PostAsJsonAsync("/api/conversations", settings ?? new { language = "en", level = "B1" }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken);
        return body.GetProperty("id").GetGuid();
    }

    /// <summary>Posts a turn asking for an event stream and returns the response as soon as its headers arrive.</summary>
    public async Task<HttpResponseMessage> StartStreamingTurnAsync(Guid conversationId, string content, int replica = 0)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversationId}/turns") { Content = JsonContent.Create(new { content }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await Client(replica).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
    }

    /// <summary>The events of a new streamed turn, each as it arrives.</summary>
    public async IAsyncEnumerable<SseEvent> StreamTurnAsync(Guid conversationId, string content, int replica = 0)
    {
        using var response = await StartStreamingTurnAsync(conversationId, content, replica);
        response.EnsureSuccessStatusCode();
        await foreach (var e in SseReader.ReadAsync(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken))
        {
            yield return e;
        }
    }

    public async Task<HttpResponseMessage> OpenEventsAsync(Guid turnId, string? lastEventId, int replica = 0)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/turns/{turnId}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        return await Client(replica).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
    }

    /// <summary>The stored assistant reply of a turn, straight from PostgreSQL.</summary>
    public async Task<(string Status, string Content)?> StoredReplyAsync(Guid turnId)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("select status, content from messages where turn_id = $1 and role = 'assistant'", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = turnId });
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        return await reader.ReadAsync(TestContext.Current.CancellationToken) ? (reader.GetString(0), reader.GetString(1)) : null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        foreach (var gateway in gateways)
        {
            gateway.Dispose();
        }

        if (synthetic is not null)
        {
            await synthetic.DisposeAsync();
        }
    }
}
