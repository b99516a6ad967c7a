using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Platform.Gateway.Infrastructure;

/// <summary>
/// Hands a message about a conversation to every listener of that conversation on every replica: the replica where
/// it happens delivers it to its own listeners and publishes it on one Redis channel for the others. Without Redis,
/// listeners on that replica still get it.
/// </summary>
public abstract partial class ConversationBroadcast(IConnectionMultiplexer redis, ILogger logger, string channel) : IHostedService
{
    private readonly RedisChannel redisChannel = RedisChannel.Literal(channel);
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, Action<string>>> listeners = new();
    private readonly Guid replica = Guid.NewGuid();

    /// <summary>Calls <paramref name="onMessage"/> with each message about the conversation until the handle is disposed.</summary>
    protected IDisposable Listen(Guid conversationId, Action<string> onMessage)
    {
        var id = Guid.NewGuid();
        listeners.GetOrAdd(conversationId, _ => new())[id] = onMessage;
        return new Subscription(() =>
        {
            if (listeners.TryGetValue(conversationId, out var set))
            {
                set.TryRemove(id, out _);
            }
        });
    }

    protected void Announce(Guid conversationId, string message)
    {
        Deliver(conversationId, message);
        try
        {
            if (redis.IsConnected)
            {
                redis.GetSubscriber().Publish(redisChannel, $"{replica}:{conversationId}:{message}", CommandFlags.FireAndForget);
            }
        }
        catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
        {
            LogUnavailable(logger, channel, ex.Message);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(redisChannel, OnPublished);
        }
        catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
        {
            LogUnavailable(logger, channel, ex.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void OnPublished(RedisChannel published, RedisValue value)
    {
        // The message may hold colons (JSON frames), so only the first two separate fields.
        var parts = value.ToString().Split(':', 3);
        if (parts.Length == 3 && Guid.TryParse(parts[0], out var from) && from != replica && Guid.TryParse(parts[1], out var conversationId))
        {
            Deliver(conversationId, parts[2]);
        }
    }

    private void Deliver(Guid conversationId, string message)
    {
        if (listeners.TryGetValue(conversationId, out var set))
        {
            foreach (var listener in set.Values)
            {
                listener(message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Messages on {Channel} reach this replica's sockets only while Redis is unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string channel, string reason);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
