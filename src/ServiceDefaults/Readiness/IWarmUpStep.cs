namespace Platform.ServiceDefaults.Readiness;

/// <summary>
/// A service's own way from a cold start to ready: load what it serves with, then use it once so that no caller pays
/// the first-use costs. <see cref="ServiceReadiness"/> runs it once at start.
/// </summary>
public interface IWarmUpStep
{
    /// <summary>What is being made ready, for /health and the log: "Model stories260K", "2 pocketsphinx decoders".</summary>
    string Subject { get; }

    Task LoadAsync(CancellationToken cancellationToken);

    Task WarmUpAsync(CancellationToken cancellationToken);

    /// <summary>What may load once the service is ready (more decoders); a failure stops the service as a failed load does.</summary>
    Task FinishAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Adds what the service's probes and pages show about it (engines, counts) beside state and timings.</summary>
    void Describe(IDictionary<string, object> data);
}
