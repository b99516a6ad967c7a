using Platform.Contracts.Llm;

namespace Platform.Testing.SyntheticLlm;

/// <summary>One Generate call as the synthetic source saw it: its request, how many tokens it sent, and how it ended.</summary>
public sealed class SyntheticCall(GenerateRequest request)
{
    private readonly TaskCompletionSource<string> ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int emitted;

    public GenerateRequest Request { get; } = request;

    public int Emitted => Volatile.Read(ref emitted);

    /// <summary>Completes with "cancelled" or "finished".</summary>
    public Task<string> Ended => ended.Task;

    /// <summary>Completes when the test lets a held call go on.</summary>
    internal Task Released => released.Task;

    internal void Release() => released.TrySetResult();

    internal void Sent(int count) => Volatile.Write(ref emitted, count);

    internal void Cancelled() => ended.TrySetResult("cancelled");

    internal void Finished() => ended.TrySetResult("finished");
}
