namespace Platform.AppHost.Restarts;

/// <summary>Aspire leaves a crashed process Exited; this starts it again. A stop asked for (dashboard, shutdown) passes through Stopping and is left alone.</summary>
internal sealed partial class CrashRestarter(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime,
    RestartPolicy policy,
    ILogger<CrashRestarter> logger) : BackgroundService
{
    private readonly Dictionary<string, string?> lastStates = [];
    private readonly Dictionary<string, List<DateTimeOffset>> crashes = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var update in notifications.WatchAsync(stoppingToken))
        {
            var state = update.Snapshot.State?.Text;
            lastStates.TryGetValue(update.ResourceId, out var previous);
            lastStates[update.ResourceId] = state;
            if (update.Resource is ExecutableResource or ProjectResource
                && (state == KnownResourceStates.Exited || state == KnownResourceStates.Finished || state == KnownResourceStates.FailedToStart)
                && previous is not null && previous != state && previous != KnownResourceStates.Stopping
                && !lifetime.ApplicationStopping.IsCancellationRequested)
            {
                _ = RestartAsync(update.Resource, update.ResourceId, update.Snapshot.ExitCode, stoppingToken);
            }
        }
    }

    private async Task RestartAsync(IResource resource, string resourceId, int? exitCode, CancellationToken stoppingToken)
    {
        var now = DateTimeOffset.UtcNow;
        int count;
        lock (crashes)
        {
            var recent = crashes.TryGetValue(resourceId, out var list) ? list : crashes[resourceId] = [];
            recent.RemoveAll(crash => crash < now - policy.Window);
            recent.Add(now);
            count = recent.Count;
        }

        if (policy.GivesUpAfter(count))
        {
            LogGivenUp(resourceId, count, policy.Window.TotalSeconds);
            await notifications.PublishUpdateAsync(resource, resourceId, snapshot => snapshot with { State = new("Failed", KnownResourceStateStyles.Error) });
            return;
        }

        var delay = policy.DelayAfter(count);
        // In the AppHost's log and in the resource's own console log, where the dashboard shows it beside the crash.
        LogRestarting(logger, resourceId, exitCode, delay.TotalSeconds);
        LogRestarting(resourceLogs.GetLogger(resourceId), resourceId, exitCode, delay.TotalSeconds);

        try
        {
            await Task.Delay(delay, stoppingToken);
            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, stoppingToken);
            if (!result.Success)
            {
                LogStartFailed(resourceId, result.Message);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The AppHost is stopping: nothing to restart into.
        }
    }

    [LoggerMessage(LogLevel.Warning, "{Resource} exited unexpectedly (exit code {ExitCode}); the AppHost starts it again in {Seconds:0.##} s.")]
    private static partial void LogRestarting(ILogger logger, string resource, int? exitCode, double seconds);

    [LoggerMessage(LogLevel.Error, "{Resource} crashed {Crashes} times within {Window} s; it is reported failed and left stopped.")]
    private partial void LogGivenUp(string resource, int crashes, double window);

    [LoggerMessage(LogLevel.Error, "{Resource} could not be started again: {Error}")]
    private partial void LogStartFailed(string resource, string? error);
}
