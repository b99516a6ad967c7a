namespace Platform.ServiceDefaults.Telemetry;

/// <summary>Names shared by every service's instrumentation.</summary>
public static class PlatformTelemetry
{
    /// <summary>Every ActivitySource and Meter of the project starts with this, so one wildcard subscribes them all.</summary>
    public const string SourcePrefix = "Platform.";

    public const string GrpcSourceName = "Platform.Grpc";
}
