namespace Platform.SttService.Recognition;

/// <summary>Where the decoders are between start and ready; written by <see cref="DecoderWarmUp"/>, read by calls and probes.</summary>
public sealed class DecoderStatus
{
    private readonly TaskCompletionSource<DecoderState> settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DecoderState state = new(DecoderPhase.Loading, 0, null, null, null);

    public DecoderState Current => Volatile.Read(ref state);

    public bool IsReady => Current.Phase == DecoderPhase.Ready;

    /// <summary>Completes with the state once the decoders are ready or have failed.</summary>
    public Task<DecoderState> Settled => settled.Task;

    internal void Loaded(int decoders, TimeSpan load) =>
        Volatile.Write(ref state, Current with { Phase = DecoderPhase.WarmingUp, Decoders = decoders, Load = load });

    internal void Warm(TimeSpan warmUp)
    {
        Volatile.Write(ref state, Current with { Phase = DecoderPhase.Ready, WarmUp = warmUp });
        settled.TrySetResult(Current);
    }

    internal void Fail(string failure)
    {
        Volatile.Write(ref state, Current with { Phase = DecoderPhase.Failed, Failure = failure });
        settled.TrySetResult(Current);
    }
}
