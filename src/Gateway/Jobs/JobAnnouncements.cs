using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Platform.Gateway.Jobs;

/// <summary>
/// Hands a job result's WebSocket frame to every open socket of its conversation, on every replica: the replica
/// that stored the result publishes it on one Redis channel. Without Redis, sockets on that replica still get it.
/// </summary>
public sealed partial class JobAnnouncements(IConnectionMultiplexer redis, ILogger<JobAnnouncements> logger) : IHostedService
{
    private static readonly RedisChannel Channel = "conversations:jobs";
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, Action<string>>> listeners = new();
    private readonly Guid replica = Guid.NewGuid();

    /// <summary>Calls <paramref name="onFrame"/> with each result frame (JSON text) of the conversation until the handle is disposed.</summary>
    public IDisposable Listen(Guid conversationId, Action<string> onFrame)
    {
        var id = Guid.NewGuid();
        listeners.GetOrAdd(conversationId, _ => new())[id] = onFrame;
        return new Subscription(() =>
        {
            if (listeners.TryGetValue(conversationId, out var set))
            {
                set.TryRemove(id, out _);
            }
        });
    }

    public void Announce(Guid conversationId, string frame)
    {
        Deliver(conversationId, frame);
        try
        {
            if (redis.IsConnected)
            {
                redis.GetSubscriber().Publish(Channel, $"{replica}:{conversationId}:{frame}", CommandFlags.FireAndForget);
            }
        }
        catch (RedisException ex)
        {
            LogUnavailable(logger, ex.Message);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(Channel, OnAnnounced);
        }
        catch (RedisException ex)
        {
            LogUnavailable(logger, ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void OnAnnounced(RedisChannel channel, RedisValue value)
    {
        // The frame is JSON and may hold colons, so only the first two separate fields.
        var parts = value.ToString().Split(':', 3);
        if (parts.Length == 3 && Guid.TryParse(parts[0], out var from) && from != replica && Guid.TryParse(parts[1], out var conversationId))
        {
            Deliver(conversationId, parts[2]);
        }
    }

    private void Deliver(Guid conversationId, string frame)
    {
        if (listeners.TryGetValue(conversationId, out var set))
        {
            foreach (var listener in set.Values)
            {
                listener(frame);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job results reach sockets on this replica only while Redis is unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
