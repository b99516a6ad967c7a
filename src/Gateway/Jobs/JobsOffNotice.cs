namespace Platform.Gateway.Jobs;

/// <summary>Says once, at start, that summaries and vocabulary are off, so their absence is not a mystery.</summary>
internal sealed partial class JobsOffNotice(ILogger<JobsOffNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogJobsOff(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Background jobs are off: ConnectionStrings:messaging is not set, so no summaries or vocabulary are made")]
    private static partial void LogJobsOff(ILogger logger);
}
