using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Platform.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

public static class OpenTelemetryExtensions
{
    /// <summary>
    /// Traces, metrics and logs through the OpenTelemetry SDK builders (OpenTelemetry.Extensions.Hosting is not
    /// available here), from ASP.NET Core's, HttpClient's and MassTransit's built-in sources plus every <c>Platform.*</c> source,
    /// exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set and flushed when the host stops.
    /// <c>OTEL_SDK_DISABLED=true</c> turns it all off, as the specification defines.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.Equals(builder.Configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return builder;
        }

        var otlp = OtlpSettings.From(builder.Configuration);
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } configured ? configured : builder.Environment.ApplicationName;
        var resource = ResourceBuilder.CreateDefault().AddService(serviceName, serviceInstanceId: Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
            .AddSource("Microsoft.AspNetCore", "System.Net.Http", PlatformTelemetry.MassTransitSourceName, PlatformTelemetry.SourcePrefix + "*");
        var metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", PlatformTelemetry.SourcePrefix + "*");

        if (otlp is not null)
        {
            tracing.AddOtlpExporter(options => otlp.Apply(options, "/v1/traces"));
            metrics.AddOtlpExporter(options => otlp.Apply(options, "/v1/metrics"));
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.SetResourceBuilder(resource);
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
                logging.AddOtlpExporter(options => otlp.Apply(options, "/v1/logs"));
            });
        }

        builder.Services.AddHostedService(_ => new TelemetryProviders(tracing.Build(), metrics.Build()));
        return builder;
    }
}
