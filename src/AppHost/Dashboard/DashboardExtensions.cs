using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.AppHost.Dashboard.Logs;
using Platform.AppHost.Dashboard.Metrics;
using Platform.AppHost.Dashboard.Otlp;
using Platform.AppHost.Dashboard.Traces;
using Platform.AppHost.Hosting;
using Platform.AppHost.Projects;

namespace Platform.AppHost.Dashboard;

public static class DashboardExtensions
{
    /// <summary>How often services export: short, so the dashboard is current (the SDKs' defaults are 5 s for spans and 60 s for metrics).</summary>
    private const string SpanExportDelayMs = "1000";
    private const string MetricExportIntervalMs = "5000";

    /// <summary>
    /// Serves the dashboard on <see cref="PlatformSettings.DashboardPort"/> and points every project declared so far at
    /// it with the standard <c>OTEL_*</c> variables, as an Aspire AppHost does: declare the projects first. When the
    /// AppHost itself is given <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, the services keep exporting there instead.
    /// </summary>
    public static DistributedApplicationBuilder AddDashboard(this DistributedApplicationBuilder builder, PlatformSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var endpoint = new ResourceEndpoint("dashboard", settings.DashboardPort);
        var external = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } configured ? configured : null;
        builder.Services.AddOptions<DashboardOptions>()
            .Bind(builder.Configuration.GetSection(DashboardOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SpanStore>();
        builder.Services.AddSingleton<LogStore>();
        builder.Services.AddSingleton<MetricStore>();
        builder.Services.AddSingleton<OtlpIngestion>();
        builder.Services.AddSingleton(services => new DashboardServer(services, endpoint, builder.Options, services.GetRequiredService<ILoggerFactory>())
        {
            ExternalOtlpEndpoint = external,
        });
        builder.Services.AddHostedService(services => services.GetRequiredService<DashboardServer>());

        foreach (var project in builder.Model.ProcessResources.OfType<ProjectResource>())
        {
            if (external is null)
            {
                project.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = () => $"http://127.0.0.1:{endpoint.Port.Invariant()}";
                project.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = () => "http/protobuf";
            }

            project.Environment["OTEL_BSP_SCHEDULE_DELAY"] = () => SpanExportDelayMs;
            project.Environment["OTEL_BLRP_SCHEDULE_DELAY"] = () => SpanExportDelayMs;
            project.Environment["OTEL_METRIC_EXPORT_INTERVAL"] = () => MetricExportIntervalMs;
        }

        return builder;
    }
}
