using System.Collections.Concurrent;

namespace Platform.GrpcInteropHost;

/// <summary>Records when each handler saw its call end, so tests can measure how fast cancellation reaches a handler.</summary>
public sealed class CallObserver
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<DateTimeOffset>> cancellations = new();

    /// <summary>Completes with the moment the handler's token of the call tagged <paramref name="tag"/> was cancelled.</summary>
    public Task<DateTimeOffset> CancelledAt(string tag) => Source(tag).Task;

    internal void Watch(string tag, CancellationToken token) =>
        token.Register(() => Source(tag).TrySetResult(DateTimeOffset.UtcNow));

    private TaskCompletionSource<DateTimeOffset> Source(string tag) =>
        cancellations.GetOrAdd(tag, _ => new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously));
}
