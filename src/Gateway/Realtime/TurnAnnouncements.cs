using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Platform.Gateway.Realtime;

/// <summary>
/// Tells every open WebSocket of a conversation, on every replica, that a turn has started in it, so that all of
/// them follow the same turn. Replicas hear each other through one Redis channel; without Redis, sockets on the
/// replica that runs the turn still hear it.
/// </summary>
public sealed partial class TurnAnnouncements(IConnectionMultiplexer redis, ILogger<TurnAnnouncements> logger) : IHostedService
{
    private static readonly RedisChannel Channel = "conversations:turns";
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, Action<Guid>>> listeners = new();
    private readonly Guid replica = Guid.NewGuid();

    /// <summary>Calls <paramref name="onTurnStarted"/> with each new turn of the conversation until the returned handle is disposed.</summary>
    public IDisposable Listen(Guid conversationId, Action<Guid> onTurnStarted)
    {
        var id = Guid.NewGuid();
        listeners.GetOrAdd(conversationId, _ => new())[id] = onTurnStarted;
        return new Subscription(() =>
        {
            if (listeners.TryGetValue(conversationId, out var set))
            {
                set.TryRemove(id, out _);
            }
        });
    }

    public void Announce(Guid conversationId, Guid turnId)
    {
        Deliver(conversationId, turnId);
        try
        {
            if (redis.IsConnected)
            {
                redis.GetSubscriber().Publish(Channel, $"{replica}:{conversationId}:{turnId}", CommandFlags.FireAndForget);
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
        var parts = value.ToString().Split(':');
        if (parts.Length == 3 && Guid.TryParse(parts[0], out var from) && from != replica
            && Guid.TryParse(parts[1], out var conversationId) && Guid.TryParse(parts[2], out var turnId))
        {
            Deliver(conversationId, turnId);
        }
    }

    private void Deliver(Guid conversationId, Guid turnId)
    {
        if (listeners.TryGetValue(conversationId, out var set))
        {
            foreach (var listener in set.Values)
            {
                listener(turnId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn announcements reach only this replica while Redis is unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
