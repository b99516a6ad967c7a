using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.AppHost.Dashboard;
using Platform.AppHost.Dashboard.Logs;
using Platform.AppHost.Dashboard.Traces;
using Platform.AppHost.Hosting;

namespace Platform.AppHost.Tests.Dashboard;

/// <summary>The AppHost's dashboard alone, in this process, wired exactly as Program.cs wires it, on a free port.</summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private readonly DistributedApplication application;

    private DashboardHost(DistributedApplication application)
    {
        this.application = application;
        Url = application.Services.GetRequiredService<DashboardServer>().Url;
        Http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Url { get; }

    public HttpClient Http { get; }

    public SpanStore Spans => application.Services.GetRequiredService<SpanStore>();

    public LogStore Logs => application.Services.GetRequiredService<LogStore>();

    public static async Task<DashboardHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            DataDirectory = Directory.CreateTempSubdirectory("dashboard-tests-").FullName,
            DisposableData = true,
            UseConsoleAndConfiguration = false,
            StopOnProcessSignals = false,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddDashboard(new PlatformSettings { DashboardPort = 0 });
        var application = builder.Build();
        try
        {
            await application.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await application.DisposeAsync();
            throw;
        }

        return new DashboardHost(application);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await application.StopAsync(CancellationToken.None);
        await application.DisposeAsync();
    }
}
