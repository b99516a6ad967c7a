using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.LlmService.Providers;

namespace Platform.LlmService.Health;

/// <summary>Ready only once the model is loaded and warm, so no request waits on a cold model.</summary>
internal sealed class ModelReadyHealthCheck(ModelStatus status, ILlmProvider provider) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = status.Current;
        var data = new Dictionary<string, object>
        {
            ["provider"] = provider.Name,
            ["model"] = provider.Model,
            ["state"] = state.Phase.ToString(),
        };
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
            ModelPhase.Ready => HealthCheckResult.Healthy($"Model {provider.Model} is loaded and warm.", data),
            ModelPhase.Failed => HealthCheckResult.Unhealthy($"Model {provider.Model} failed: {state.Failure}", data: data),
            _ => HealthCheckResult.Unhealthy($"Model {provider.Model} is {state.Phase}.", data: data),
        });
    }
}
