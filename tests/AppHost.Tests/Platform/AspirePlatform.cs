using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Testing;

namespace Platform.AppHost.Tests.Platform;

/// <summary>
/// The whole platform as ./run.sh starts it, the AppHost's Program.cs run by Aspire.Hosting.Testing with the dashboard
/// on, in a throwaway data folder: one per test collection, since it takes half a minute to start.
/// </summary>
public class AspirePlatform : IAsyncLifetime
{
    public static readonly string[] Services = ["llm", "stt", "tts", "gateway"];
    public static readonly string[] Servers = ["redis", "messaging", "postgres"];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly string dataDirectory = Directory.CreateTempSubdirectory("platform-apphost-tests-").FullName;
    private readonly IReadOnlyDictionary<string, string> gatewaySettings;
    private DistributedApplication? application;

    public AspirePlatform()
        : this(llmReplicas: 1, gatewaySettings: new Dictionary<string, string>())
    {
    }

    /// <summary>A platform run with <c>PLATFORM_LLM_REPLICAS=<paramref name="llmReplicas"/></c> and the Gateway given <paramref name="gatewaySettings"/> too.</summary>
    protected AspirePlatform(int llmReplicas, IReadOnlyDictionary<string, string> gatewaySettings)
    {
        LlmReplicas = [.. Enumerable.Range(1, llmReplicas).Select(replica => replica == 1 ? "llm" : $"llm-{replica}")];
        this.gatewaySettings = gatewaySettings;
    }

    /// <summary>The LlmService resources, named as the AppHost names them.</summary>
    public IReadOnlyList<string> LlmReplicas { get; }

    public DistributedApplication Application => application ?? throw new InvalidOperationException("The platform has not started.");

    public string ApiKey { get; private set; } = string.Empty;

    public Uri Gateway => Application.GetEndpoint("gateway", "http");

    public Uri Dashboard { get; private set; } = null!;

    public DashboardBrowser Browser { get; private set; } = null!;

    public RecordedLogs Logs { get; } = new();

    public async ValueTask InitializeAsync()
    {
        // Everything the AppHost makes lives below the data folder, which the postgres user must be able to enter.
        File.SetUnixFileMode(dataDirectory, (UnixFileMode)0b111_101_101);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"PLATFORM_DATA_DIR={dataDirectory}", "PLATFORM_GATEWAY_PORT=0", "PLATFORM_DASHBOARD_PORT=0", $"PLATFORM_LLM_REPLICAS={LlmReplicas.Count}"],
            (options, _) =>
            {
                options.DisableDashboard = false;
                options.AllowUnsecuredTransport = true;
            });
        var gateway = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(resource => resource.Name == "gateway"));
        foreach (var (name, value) in gatewaySettings)
        {
            gateway.WithEnvironment(name, value);
        }

        builder.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
        application = await builder.BuildAsync();
        using var deadline = new CancellationTokenSource(StartTimeout);
        await application.StartAsync(deadline.Token);
        foreach (var resource in Services.Union(LlmReplicas).Concat(Servers))
        {
            await application.ResourceNotifications.WaitForResourceHealthyAsync(resource, deadline.Token);
        }

        Dashboard = await application.GetDashboardUrlAsync(deadline.Token) ?? throw new InvalidOperationException("The dashboard did not start.");
        Browser = new DashboardBrowser(Dashboard);
        ApiKey = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "development-api-key"))).Trim();
    }

    public HttpClient GatewayClient()
    {
        var client = new HttpClient { BaseAddress = Gateway, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", ApiKey);
        return client;
    }

    /// <summary>The process a resource runs as now (a service runs as <c>dotnet X.dll</c>, started by DCP itself).</summary>
    public int ProcessIdOf(string resource) =>
        CurrentProcessIdOf(resource) ?? throw new InvalidOperationException($"{resource} runs no process now.");

    private int? CurrentProcessIdOf(string resource) =>
        Application.ResourceNotifications.TryGetCurrentState(resource, out var update)
        && update.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value?.ToString() is { } value
        && int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var pid)
        && ProcessTable.IsRunning(pid) ? pid : null;

    /// <summary>Completes once <paramref name="resource"/> is healthy again in a process other than <paramref name="killed"/>.</summary>
    public Task WaitForHealthyReplacementAsync(string resource, int killed, CancellationToken cancellationToken) =>
        Application.ResourceNotifications.WaitForResourceAsync(
            resource,
            update => update.Snapshot.HealthStatus == HealthStatus.Healthy
                && update.Snapshot.State?.Text == KnownResourceStates.Running
                && CurrentProcessIdOf(resource) is { } pid && pid != killed,
            cancellationToken);

    /// <summary>A JSON document from the dashboard's telemetry API.</summary>
    public async Task<System.Text.Json.JsonElement> TelemetryAsync(string path, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Dashboard };
        return await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/telemetry/{path}", cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        if (application is not null)
        {
            await application.StopAsync();
            await application.DisposeAsync();
        }

        Directory.Delete(dataDirectory, recursive: true);
    }
}
