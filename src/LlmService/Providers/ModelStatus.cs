namespace Platform.LlmService.Providers;

/// <summary>Where the model is between start and ready; written by <see cref="ModelWarmUp"/>, read by requests and probes.</summary>
public sealed class ModelStatus
{
    private readonly TaskCompletionSource<ModelState> settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ModelState state = new(ModelPhase.Loading, null, null, null);

    public ModelState Current => Volatile.Read(ref state);

    public bool IsReady => Current.Phase == ModelPhase.Ready;

    /// <summary>Completes with the state once the model is ready or has failed.</summary>
    public Task<ModelState> Settled => settled.Task;

    internal void Loaded(TimeSpan load) => Volatile.Write(ref state, Current with { Phase = ModelPhase.WarmingUp, Load = load });

    internal void Warm(TimeSpan warmUp)
    {
        Volatile.Write(ref state, Current with { Phase = ModelPhase.Ready, WarmUp = warmUp });
        settled.TrySetResult(Current);
    }

    internal void Fail(string failure)
    {
        Volatile.Write(ref state, Current with { Phase = ModelPhase.Failed, Failure = failure });
        settled.TrySetResult(Current);
    }
}
