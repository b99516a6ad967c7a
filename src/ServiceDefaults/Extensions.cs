using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Platform.ServiceDefaults.Health;
using Platform.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every Platform service shares: telemetry, health, service discovery, resilience, problem details.</summary>
public static class Extensions
{
    public const string LiveTag = "live";
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ConfigureOpenTelemetry(builder);
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy("The process is up."), [LiveTag]);
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddTransient<IStartupFilter, ProblemDetailsStartupFilter>();
        return builder;
    }

    /// <summary>
    /// Traces, metrics and logs from ASP.NET Core, HttpClient, the .NET runtime, MassTransit and every <c>Platform.*</c>
    /// source, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Health probes are not traced.
    /// </summary>
    private static void ConfigureOpenTelemetry(IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } configured ? configured : builder.Environment.ApplicationName;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(PlatformTelemetry.SourcePrefix + "*"))
            .WithTracing(tracing => tracing
                .AddSource(PlatformTelemetry.MassTransitSourceName, PlatformTelemetry.SourcePrefix + "*")
                .AddAspNetCoreInstrumentation(aspNetCore =>
                {
                    aspNetCore.Filter = context => context.Request.Path != HealthPath && context.Request.Path != AlivePath;
                    aspNetCore.EnrichWithHttpResponse = GrpcServerSpans.Enrich;
                })
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            if (builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] is { Length: > 0 } protocol and not ("grpc" or "http/protobuf"))
            {
                throw new InvalidOperationException($"Setting 'OTEL_EXPORTER_OTLP_PROTOCOL' is '{protocol}'; supported values are 'grpc' and 'http/protobuf'.");
            }

            telemetry.UseOtlpExporter();
        }
    }

    /// <summary>
    /// <c>/health</c>: ready, meaning every registered check passes (a service registers "model loaded and warm");
    /// <c>/alive</c>: the process answers. Both answer straight after routing, so no middleware of the service
    /// (authentication that reads a database not yet migrated, a start-up gate, rate limits) stands before a probe.
    /// </summary>
    public static IEndpointRouteBuilder MapDefaultEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync }).ShortCircuit();
        endpoints.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).ShortCircuit();
        return endpoints;
    }
}
