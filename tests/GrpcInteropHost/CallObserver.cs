using System.Collections.Concurrent;

namespace Platform.GrpcInteropHost;

/// <summary>Records what handlers saw: when a call's token was cancelled, and how many attempts each tag made.</summary>
public sealed class CallObserver
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<DateTimeOffset>> cancellations = new();
    private readonly ConcurrentDictionary<string, int> attempts = new();

    /// <summary>Completes with the moment the handler's token of the call tagged <paramref name="tag"/> was cancelled.</summary>
    public Task<DateTimeOffset> CancelledAt(string tag) => Source(tag).Task;

    /// <summary>How many calls carried <paramref name="tag"/> so far.</summary>
    public int Attempts(string tag) => attempts.GetValueOrDefault(tag);

    internal int CountAttempt(string tag) => attempts.AddOrUpdate(tag, 1, (_, count) => count + 1);

    internal void Watch(string tag, CancellationToken token) =>
        token.Register(() => Source(tag).TrySetResult(DateTimeOffset.UtcNow));

    private TaskCompletionSource<DateTimeOffset> Source(string tag) =>
        cancellations.GetOrAdd(tag, _ => new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously));
}
