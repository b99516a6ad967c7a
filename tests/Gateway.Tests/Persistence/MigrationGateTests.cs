using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Platform.Gateway.Errors;
using Platform.Gateway.Persistence;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Gateway.Tests.OpenAI;

namespace Platform.Gateway.Tests.Persistence;

/// <summary>
/// What a Gateway on a brand-new database answers before its schema is current. The test holds the migrations' advisory
/// lock on a connection of its own, so the Gateway listens but cannot migrate until the test lets it.
/// </summary>
public sealed class MigrationGateTests(GatewayEnvironment environment, LlmServiceFixture llm) : IClassFixture<LlmServiceFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UntilTheMigrationsRanDataRequestsAre503WithRetryAfterAndHealthIsUnreadyThenTheSameRequestsSucceed()
    {
        var database = await environment.Postgres.CreateDatabaseAsync();
        await using var migrationLock = await MigrationLock.TakeAsync(database);
        var key = "pk_test_" + Guid.NewGuid().ToString("N");
        using var gateway = await GatewayProcess.StartAliveAsync(database, environment.Redis.ConnectionString, llm.Address,
            new Dictionary<string, string?> { ["Gateway__Identity__BootstrapApiKey"] = key });
        using var caller = gateway.CreateClient();
        caller.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var browser = gateway.CreateClient(new CookieContainer());
        browser.DefaultRequestHeaders.Add("Origin", gateway.Address.GetLeftPart(UriPartial.Authority));

        using (var conversations = await caller.GetAsync("/api/conversations", Token))
        using (var session = await browser.PostAsync("/api/session", null, Token))
        using (var models = await caller.GetAsync("/v1/models", Token))
        using (var health = await caller.GetAsync("/health", Token))
        using (var page = await browser.GetAsync("/", Token))
        {
            await AssertRefusedAsync(conversations, "Starting", "brought up to date");
            await AssertRefusedAsync(session, "Starting", "brought up to date");
            var error = await ChatCompletionValidationTests.AssertOpenAIErrorAsync(models, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("server_error", error.GetProperty("type").GetString());
            Assert.Contains("schema", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromSeconds(1), models.Headers.RetryAfter?.Delta);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Equal("Unhealthy", JsonDocument.Parse(await health.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        await migrationLock.ReleaseAsync();

        // Ready means the bootstrap key is stored too: asked before, the key would be unknown (and remembered so a while).
        var ready = await Eventually.ReturnsAsync(() => StatusAsync(caller, "/health"), status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(caller, "/api/conversations"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(caller, "/v1/models"));
        using var sessionAfter = await browser.PostAsync("/api/session", null, Token);
        Assert.Equal(HttpStatusCode.NoContent, sessionAfter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(browser, "/api/conversations"));
        // Nothing, neither a request nor a start-up step, reached a table before the migrations had made it.
        Assert.DoesNotContain("42P01", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedMigrationStopsTheGatewayWithExitCode1AndItsReasonLoggedOnceAndNoStackTraceOfItsOwn()
    {
        var database = await environment.Postgres.CreateDatabaseAsync();
        await CreateConflictingTableAsync(database);
        // Held until the Gateway answers, so it fails while listening, as a migration that fails midway does; with a
        // bootstrap key, whose start waits for the migrations too.
        await using var migrationLock = await MigrationLock.TakeAsync(database);
        using var gateway = await GatewayProcess.StartAliveAsync(database, environment.Redis.ConnectionString, llm.Address,
            new Dictionary<string, string?> { ["Gateway__Identity__BootstrapApiKey"] = "pk_test_" + Guid.NewGuid().ToString("N") });

        await migrationLock.ReleaseAsync();

        var exitCode = await gateway.ExitCodeAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 1, $"exit code {exitCode}: {gateway.Output}");
        Assert.DoesNotContain("Unhandled exception", gateway.Output, StringComparison.Ordinal);
        var log = gateway.Output.Split("Gateway did not start:")[0];
        Assert.Equal(1, Occurrences(log, "42P07: relation \"conversations\" already exists"));
        Assert.Contains("Gateway did not start: 42P07: relation \"conversations\" already exists", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterTheMigrationsFailedRequestsAre503SayingTheSchemaCouldNotBeAppliedWithoutTheReason()
    {
        var database = await environment.Postgres.CreateDatabaseAsync();
        await CreateConflictingTableAsync(database);

        await using var dataSource = NpgsqlDataSource.Create(database);
        var migrations = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance);
        await Assert.ThrowsAsync<PostgresException>(() => migrations.StartAsync(Token));
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddErrors();
        builder.Services.AddProblemDetails();
        await using var app = builder.Build();
        var passed = 0;
        var gate = new MigrationGateMiddleware(_ =>
        {
            passed++;
            return Task.CompletedTask;
        }, migrations);

        foreach (var path in new[] { "/api/conversations", "/v1/models" })
        {
            var context = new DefaultHttpContext { RequestServices = app.Services };
            context.Request.Path = path;
            context.Response.Body = new MemoryStream();
            await gate.InvokeAsync(context);

            var response = context.Response;
            Assert.Equal(0, passed);
            Assert.Equal(StatusCodes.Status503ServiceUnavailable, response.StatusCode);
            Assert.Equal("1", response.Headers.RetryAfter.ToString());
            response.Body.Position = 0;
            var body = await new StreamReader(response.Body).ReadToEndAsync(Token);
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Contains("could not be applied", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("already exists", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Npgsql", body, StringComparison.Ordinal);
            Assert.Equal(path == "/v1/models", problem.TryGetProperty("error", out _));
        }
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string title, string detail)
    {
        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Token);
        return response.StatusCode;
    }

    /// <summary>A table the first migration creates, so that migration fails.</summary>
    private static async Task CreateConflictingTableAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand("create table conversations (id integer primary key)", connection);
        await command.ExecuteNonQueryAsync(Token);
    }

    private static int Occurrences(string text, string value) => (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;

    /// <summary>The migrations' advisory lock, held on a connection of the test's own to the Gateway's database.</summary>
    private sealed class MigrationLock : IAsyncDisposable
    {
        private readonly NpgsqlConnection connection;

        private MigrationLock(NpgsqlConnection connection) => this.connection = connection;

        public static async Task<MigrationLock> TakeAsync(string database)
        {
            var connection = new NpgsqlConnection(database);
            await connection.OpenAsync(Token);
            var held = new MigrationLock(connection);
            await held.ExecuteAsync($"select pg_advisory_lock({MigrationRunner.LockKey})");
            return held;
        }

        public Task ReleaseAsync() => ExecuteAsync($"select pg_advisory_unlock({MigrationRunner.LockKey})");

        public ValueTask DisposeAsync() => connection.DisposeAsync();

        private async Task ExecuteAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(Token);
        }
    }
}
