using Microsoft.Extensions.Hosting;

namespace Platform.AppHost.Hosting;

/// <summary>A host lifetime that leaves Ctrl+C and SIGTERM to the process that embeds the application (a test run).</summary>
internal sealed class ProcessSignalsIgnored : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
