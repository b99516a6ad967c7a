using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.AppHost.Dashboard;
using Platform.AppHost.Hosting;
using Platform.AppHost.Projects;

namespace Platform.AppHost.Tests.Dashboard;

public sealed class DashboardWiringTests
{
    [Fact]
    public async Task Every_project_exports_to_the_dashboard_over_http_protobuf_with_short_export_intervals()
    {
        var (builder, gateway) = Declare(otlpEndpoint: null);
        await using var application = builder.Build();
        var dashboard = application.Services.GetRequiredService<DashboardServer>();

        await dashboard.StartingAsync(TestContext.Current.CancellationToken);
        try
        {
            var environment = gateway.Environment.ToDictionary(pair => pair.Key, pair => pair.Value());
            Assert.Equal(dashboard.Url.ToString().TrimEnd('/'), environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.Equal("127.0.0.1", dashboard.Url.Host);
            Assert.Equal("http/protobuf", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
            Assert.Equal("5000", environment["OTEL_METRIC_EXPORT_INTERVAL"]);
            Assert.Equal("1000", environment["OTEL_BSP_SCHEDULE_DELAY"]);
            Assert.Null(dashboard.ExternalOtlpEndpoint);
        }
        finally
        {
            await dashboard.StoppedAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void An_AppHost_given_its_own_OTLP_endpoint_leaves_the_services_exporting_there()
    {
        var (builder, gateway) = Declare(otlpEndpoint: "http://collector.example:4318");

        Assert.False(gateway.Environment.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.False(gateway.Environment.ContainsKey("OTEL_EXPORTER_OTLP_PROTOCOL"));
        using var application = builder.Build();
        Assert.Equal("http://collector.example:4318", application.Services.GetRequiredService<DashboardServer>().ExternalOtlpEndpoint);
    }

    private static (DistributedApplicationBuilder Builder, ProjectResource Gateway) Declare(string? otlpEndpoint)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            DataDirectory = Directory.CreateTempSubdirectory("dashboard-tests-").FullName,
            DisposableData = true,
            UseConsoleAndConfiguration = false,
            StopOnProcessSignals = false,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint });
        var gateway = builder.AddProject("gateway", "Gateway").Resource;
        builder.AddDashboard(new PlatformSettings { DashboardPort = 0 });
        return (builder, gateway);
    }
}
