using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults.Readiness;

/// <summary>
/// Runs the service's <see cref="IWarmUpStep"/> at start, its finish once ready, and holds where it is; calls read it,
/// and as a health check it keeps /health unready until the step is warm, so no call waits on a cold model. A failure stops the service with
/// the reason: without its model a service can do nothing useful, and the orchestrator should see it exit rather than
/// a process that never turns ready.
/// </summary>
public sealed partial class ServiceReadiness(IWarmUpStep step, IHostApplicationLifetime lifetime, ILogger<ServiceReadiness> logger)
    : BackgroundService, IHealthCheck
{
    private readonly TaskCompletionSource<ReadinessState> settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ReadinessState state = new(ReadinessPhase.Loading, null, null, null);

    public ReadinessState Current => Volatile.Read(ref state);

    public bool IsReady => Current.Phase == ReadinessPhase.Ready;

    /// <summary>Completes with the state once the service is ready or has failed.</summary>
    public Task<ReadinessState> Settled => settled.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var clock = Stopwatch.StartNew();
            await step.LoadAsync(stoppingToken);
            Volatile.Write(ref state, Current with { Phase = ReadinessPhase.WarmingUp, Load = clock.Elapsed });
            LogLoaded(logger, step.Subject, clock.Elapsed.TotalMilliseconds);

            clock.Restart();
            await step.WarmUpAsync(stoppingToken);
            Settle(Current with { Phase = ReadinessPhase.Ready, WarmUp = clock.Elapsed });
            LogReady(logger, step.Subject, clock.Elapsed.TotalMilliseconds);
            await step.FinishAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // Any failure to load ends the service, with its reason in the log.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Settle(Current with { Phase = ReadinessPhase.Failed, Failure = ex.Message });
            LogFailed(logger, step.Subject, ex.Message, ex);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = Current;
        var data = new Dictionary<string, object> { ["state"] = state.Phase.ToString() };
        step.Describe(data);
        foreach (var (key, time) in new[] { ("loadMs", state.Load), ("warmUpMs", state.WarmUp) }.Where(timing => timing.Item2 is not null))
        {
            data[key] = time!.Value.TotalMilliseconds;
        }

        return Task.FromResult(state.Phase switch
        {
            ReadinessPhase.Ready => HealthCheckResult.Healthy($"{step.Subject}: loaded and warm.", data),
            ReadinessPhase.Failed => HealthCheckResult.Unhealthy($"{step.Subject}: failed: {state.Failure}", data: data),
            _ => HealthCheckResult.Unhealthy($"{step.Subject}: {state.Phase}.", data: data),
        });
    }

    private void Settle(ReadinessState settledState)
    {
        Volatile.Write(ref state, settledState);
        settled.TrySetResult(settledState);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Subject} loaded in {LoadMs:0.0} ms.")]
    private static partial void LogLoaded(ILogger logger, string subject, double loadMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Subject} warm after {WarmUpMs:0.0} ms; /health is ready.")]
    private static partial void LogReady(ILogger logger, string subject, double warmUpMs);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Subject} could not be made ready, so the service stops: {Reason}")]
    private static partial void LogFailed(ILogger logger, string subject, string reason, Exception exception);
}
