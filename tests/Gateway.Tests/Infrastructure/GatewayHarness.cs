using System.Net.Http.Headers;
using System.Net.Http.Json;
using Npgsql;
using Platform.Gateway.Tests.SyntheticLlm;

namespace Platform.Gateway.Tests.Infrastructure;

/// <summary>Gateway replicas on their own database, the run's Redis, and a synthetic token source for a test.</summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    private readonly List<GatewayProcess> gateways = [];
    private readonly List<HttpClient> clients = [];

    private GatewayHarness(string database, SyntheticLlmServer llm)
    {
        Database = database;
        Llm = llm;
    }

    public string Database { get; }

    public SyntheticLlmServer Llm { get; }

    public IReadOnlyList<GatewayProcess> Gateways => gateways;

    public static async Task<GatewayHarness> StartAsync(
        GatewayEnvironment environment,
        SyntheticLlmBehaviour? behaviour = null,
        int replicas = 1,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var harness = new GatewayHarness(await environment.Postgres.CreateDatabaseAsync(), await SyntheticLlmServer.StartAsync(behaviour));
        try
        {
            for (var i = 0; i < replicas; i++)
            {
                var gateway = await GatewayProcess.StartAsync(harness.Database, environment.Redis.ConnectionString, harness.Llm.Address, settings);
                harness.gateways.Add(gateway);
                harness.clients.Add(gateway.CreateClient());
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

        await Llm.DisposeAsync();
    }
}
