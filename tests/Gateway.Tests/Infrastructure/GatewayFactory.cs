using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Platform.Gateway.Tests.Infrastructure;

/// <summary>
/// The Gateway's own Program in this process, on a database of its own and the run's Redis, for tests that read the app
/// itself. The factory finds Program through any type of its assembly; the name Program alone would also match the AppHost's.
/// </summary>
internal sealed class GatewayFactory(string conversations, string redis) : WebApplicationFactory<GatewayOptions>
{
    public static async Task<GatewayFactory> StartAsync(GatewayEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new GatewayFactory(await environment.Postgres.CreateDatabaseAsync(), environment.Redis.ConnectionString);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:conversations", conversations);
        builder.UseSetting("ConnectionStrings:redis", redis);
        // No test here generates: LlmService's address only has to be well formed.
        builder.UseSetting("services:llm:http:0", "http://127.0.0.1:1");
    }
}
