namespace Platform.TtsService.Voices;

/// <summary>
/// Where the voices are between start and ready, and the catalog once they are loaded; written by
/// <see cref="VoiceWarmUp"/>, read by calls and probes.
/// </summary>
public sealed class VoiceStatus
{
    private readonly TaskCompletionSource<VoiceState> settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private VoiceState state = new(VoicePhase.Loading, 0, null, null, null);
    private VoiceCatalog? catalog;

    public VoiceState Current => Volatile.Read(ref state);

    public bool IsReady => Current.Phase == VoicePhase.Ready;

    /// <summary>The loaded voices; null until they are loaded.</summary>
    public VoiceCatalog? Catalog => Volatile.Read(ref catalog);

    /// <summary>Completes with the state once the voices are ready or have failed.</summary>
    public Task<VoiceState> Settled => settled.Task;

    internal void Loaded(VoiceCatalog voices, TimeSpan load)
    {
        Volatile.Write(ref catalog, voices);
        Volatile.Write(ref state, Current with { Phase = VoicePhase.WarmingUp, Voices = voices.Voices.Count, Load = load });
    }

    internal void Warm(TimeSpan warmUp)
    {
        Volatile.Write(ref state, Current with { Phase = VoicePhase.Ready, WarmUp = warmUp });
        settled.TrySetResult(Current);
    }

    internal void Fail(string failure)
    {
        Volatile.Write(ref state, Current with { Phase = VoicePhase.Failed, Failure = failure });
        settled.TrySetResult(Current);
    }
}
