using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>
/// Owns the tracer and meter providers. Registered before the web server, it stops after it, so the spans of the
/// last requests are flushed before the process exits.
/// </summary>
internal sealed class TelemetryProviders(TracerProvider tracerProvider, MeterProvider meterProvider) : IHostedService, IDisposable
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        tracerProvider.Dispose();
        meterProvider.Dispose();
    }
}
