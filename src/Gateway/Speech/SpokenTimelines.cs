using System.Collections.Concurrent;

namespace Platform.Gateway.Speech;

/// <summary>
/// The timelines of replies spoken on this replica, kept <see cref="Retention"/> after they start so that the
/// client's report of what it played, which comes after the reply stopped, can still be matched to words.
/// </summary>
public sealed class SpokenTimelines(TimeProvider time)
{
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<Guid, (SpokenTimeline Timeline, DateTimeOffset Started)> timelines = new();

    public SpokenTimeline Start(Guid turnId)
    {
        var now = time.GetUtcNow();
        foreach (var (id, entry) in timelines)
        {
            if (now - entry.Started > Retention)
            {
                timelines.TryRemove(id, out _);
            }
        }

        var timeline = new SpokenTimeline();
        timelines[turnId] = (timeline, now);
        return timeline;
    }

    public SpokenTimeline? Find(Guid turnId) => timelines.TryGetValue(turnId, out var entry) ? entry.Timeline : null;
}
