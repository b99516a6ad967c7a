using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.TtsService.Voices;

namespace Platform.TtsService.Health;

/// <summary>Ready only once every engine has loaded its voices and spoken its warm-up sentence.</summary>
internal sealed class VoicesReadyHealthCheck(VoiceStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = status.Current;
        var data = new Dictionary<string, object>
        {
            ["state"] = state.Phase.ToString(),
            ["voices"] = state.Voices,
        };
        if (status.Catalog is { } catalog)
        {
            data["defaultVoice"] = catalog.Default.Name;
            data["engines"] = string.Join(",", catalog.Voices.Select(voice => voice.Engine).Distinct());
        }

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
            VoicePhase.Ready => HealthCheckResult.Healthy($"{state.Voices} voices are loaded and warm.", data),
            VoicePhase.Failed => HealthCheckResult.Unhealthy($"The voices failed to load: {state.Failure}", data: data),
            _ => HealthCheckResult.Unhealthy($"The voices are {state.Phase}.", data: data),
        });
    }
}
