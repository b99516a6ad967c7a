namespace Platform.AppHost.Orchestration;

/// <summary>Every resource's state changes, to read now or to await.</summary>
public sealed class ResourceNotifications
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<ResourceSnapshot>> history = new(StringComparer.Ordinal);
    private readonly List<(Func<ResourceSnapshot, bool> Matches, TaskCompletionSource<ResourceSnapshot> Result)> waiters = [];

    public ResourceSnapshot? Current(string resource)
    {
        lock (gate)
        {
            return history.TryGetValue(resource, out var snapshots) ? snapshots[^1] : null;
        }
    }

    public IReadOnlyList<ResourceSnapshot> History(string resource)
    {
        lock (gate)
        {
            return history.TryGetValue(resource, out var snapshots) ? [.. snapshots] : [];
        }
    }

    /// <summary>Completes with the first snapshot of <paramref name="resource"/>, current or future, that matches.</summary>
    public Task<ResourceSnapshot> WaitForAsync(string resource, Func<ResourceSnapshot, bool> matches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(matches);
        lock (gate)
        {
            if (history.TryGetValue(resource, out var snapshots) && matches(snapshots[^1]))
            {
                return Task.FromResult(snapshots[^1]);
            }

            var result = new TaskCompletionSource<ResourceSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((snapshot => snapshot.Name == resource && matches(snapshot), result));
            return result.Task.WaitAsync(cancellationToken);
        }
    }

    internal void Publish(ResourceSnapshot snapshot)
    {
        List<TaskCompletionSource<ResourceSnapshot>> matched = [];
        lock (gate)
        {
            if (!history.TryGetValue(snapshot.Name, out var snapshots))
            {
                history[snapshot.Name] = snapshots = [];
            }

            snapshots.Add(snapshot);
            for (var index = waiters.Count - 1; index >= 0; index--)
            {
                if (waiters[index].Matches(snapshot))
                {
                    matched.Add(waiters[index].Result);
                    waiters.RemoveAt(index);
                }
            }
        }

        foreach (var waiter in matched)
        {
            waiter.TrySetResult(snapshot);
        }
    }
}
