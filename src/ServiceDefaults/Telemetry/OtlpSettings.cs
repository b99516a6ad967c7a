using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>Where telemetry goes, from the standard <c>OTEL_EXPORTER_OTLP_*</c> settings; absent means nothing is exported.</summary>
internal sealed record OtlpSettings(Uri Endpoint, OtlpExportProtocol Protocol)
{
    public static OtlpSettings? From(IConfiguration configuration)
    {
        var endpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"Setting 'OTEL_EXPORTER_OTLP_ENDPOINT' is '{endpoint}', which is not an absolute URL.");
        }

        var protocol = configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException(
                $"Setting 'OTEL_EXPORTER_OTLP_PROTOCOL' is '{other}'; supported values are 'grpc' and 'http/protobuf'."),
        };
        return new OtlpSettings(uri, protocol);
    }

    /// <summary>Applies the settings to one signal's exporter; over HTTP each signal has its own path under the base endpoint.</summary>
    public void Apply(OtlpExporterOptions options, string signalPath)
    {
        options.Protocol = Protocol;
        options.Endpoint = Protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(Endpoint.ToString().TrimEnd('/') + signalPath)
            : Endpoint;
    }
}
