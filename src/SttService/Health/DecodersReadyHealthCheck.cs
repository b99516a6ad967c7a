using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.SttService.Recognition;

namespace Platform.SttService.Health;

/// <summary>Ready only once every decoder is loaded and has run its warm-up decode, so no call waits on a cold model.</summary>
internal sealed class DecodersReadyHealthCheck(DecoderStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = status.Current;
        var data = new Dictionary<string, object>
        {
            ["engine"] = RecognitionTelemetry.Engine,
            ["state"] = state.Phase.ToString(),
            ["decoders"] = state.Decoders,
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
            DecoderPhase.Ready => HealthCheckResult.Healthy($"{state.Decoders} pocketsphinx decoders are loaded and warm.", data),
            DecoderPhase.Failed => HealthCheckResult.Unhealthy($"The pocketsphinx decoders failed to load: {state.Failure}", data: data),
            _ => HealthCheckResult.Unhealthy($"The pocketsphinx decoders are {state.Phase}.", data: data),
        });
    }
}
