using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Platform.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

public static class OpenTelemetryExtensions
{
    /// <summary>
    /// Traces, metrics and logs from ASP.NET Core, HttpClient, the .NET runtime, MassTransit and every <c>Platform.*</c>
    /// source, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Health probes are not traced.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
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
                    aspNetCore.Filter = context => !IsProbe(context.Request.Path);
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

        return builder;
    }

    private static bool IsProbe(PathString path) => path == Extensions.HealthPath || path == Extensions.AlivePath;
}
