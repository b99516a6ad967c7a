using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.AppHost.Logging;
using Platform.AppHost.Orchestration;
using Platform.AppHost.Prerequisites;

namespace Platform.AppHost.Hosting;

/// <summary>
/// The platform's own stand-in for an Aspire AppHost: runs the declared resources as supervised local processes.
/// The same type runs the whole platform (<c>src/AppHost</c>) and the few resources a test needs (<c>Platform.Testing</c>).
/// </summary>
public sealed partial class DistributedApplication : IHost, IAsyncDisposable
{
    private readonly IHost host;
    private readonly DistributedApplicationOptions options;
    private readonly ILogger logger;

    internal DistributedApplication(IHost host, DistributedApplicationOptions options)
    {
        this.host = host;
        this.options = options;
        logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("apphost");
        ResourceNotifications = host.Services.GetRequiredService<ResourceNotifications>();
        ResourceLogs = host.Services.GetRequiredService<ResourceLogs>();
    }

    public IServiceProvider Services => host.Services;

    /// <summary>Every resource's states, still readable after the application is disposed.</summary>
    public ResourceNotifications ResourceNotifications { get; }

    /// <summary>Every resource's recent output, still readable after the application is disposed.</summary>
    public ResourceLogs ResourceLogs { get; }

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(new DistributedApplicationOptions { Args = args });

    public static DistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options) => new(options);

    /// <summary>Completes once every resource runs; throws, having stopped what it started, when one cannot.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => host.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => host.StopAsync(cancellationToken);

    /// <summary>Runs until Ctrl+C or SIGTERM, then stops everything in reverse order.</summary>
    /// <returns>The process exit code: 0, or 1 when the platform could not start.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        await using (this)
        {
            try
            {
                await host.StartAsync(cancellationToken);
                await host.WaitForShutdownAsync(cancellationToken);
                return 0;
            }
            catch (Exception exception) when (exception is MissingPrerequisitesException or ResourceStartException or DataDirectoryInUseException or OptionsValidationException)
            {
                LogCouldNotStart(exception.Message);
                return 1;
            }
            catch (OperationCanceledException)
            {
                LogStoppedWhileStarting();
                return 0;
            }
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        // Disposing the host stops and disposes the orchestrator before the loggers, so the last lines still print.
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }

        if (options.DisposableData && options.DataDirectory is { } directory && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [LoggerMessage(LogLevel.Error, "The platform could not start: {Reason}")]
    private partial void LogCouldNotStart(string reason);

    [LoggerMessage(LogLevel.Information, "Stopped before every resource was running.")]
    private partial void LogStoppedWhileStarting();
}
