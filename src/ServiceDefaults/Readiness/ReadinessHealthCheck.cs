using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.ServiceDefaults.Readiness;

/// <summary>Healthy only once the warm-up step has run, so no call waits on a cold model.</summary>
internal sealed class ReadinessHealthCheck(ServiceReadiness readiness, IWarmUpStep step) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = readiness.Current;
        var data = new Dictionary<string, object> { ["state"] = state.Phase.ToString() };
        step.Describe(data);
        if (state.Load is { } load)
        {
            data["loadMs"] = load.TotalMilliseconds;
        }

        if (state.WarmUp is { } warmUp)
        {
            data["warmUpMs"] = warmUp.TotalMilliseconds;
        }

        return Task.FromResult(state.Phase switch
        {
            ReadinessPhase.Ready => HealthCheckResult.Healthy($"{step.Subject}: loaded and warm.", data),
            ReadinessPhase.Failed => HealthCheckResult.Unhealthy($"{step.Subject}: failed: {state.Failure}", data: data),
            _ => HealthCheckResult.Unhealthy($"{step.Subject}: {state.Phase}.", data: data),
        });
    }
}
