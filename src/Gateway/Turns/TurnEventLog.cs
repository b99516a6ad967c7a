using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Platform.Gateway.Infrastructure;

namespace Platform.Gateway.Turns;

/// <summary>
/// Each turn's events in a Redis stream (ids <c>0-{seq}</c>), announced on a channel per turn, so any Gateway
/// replica can replay and follow a turn that another one runs. Writes never make a turn wait: events go through the
/// <see cref="TurnEventWriter"/>, the rest is pipelined fire-and-forget, and when Redis is down turns go on without resume.
/// </summary>
public sealed partial class TurnEventLog(IConnectionMultiplexer redis, RedisCalls redisCalls, TurnEventWriter writer, IOptions<GatewayOptions> options, ILogger<TurnEventLog> logger)
{
    public static readonly RedisChannel CancelChannel = RedisChannel.Literal("turns:cancel");

    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    public void Begin(Guid turnId, Guid conversationId) => FireAndForget(database =>
    {
        database.HashSet(MetaKey(turnId), [new("conversation", conversationId.ToString()), new("state", "running")], CommandFlags.FireAndForget);
        database.KeyExpire(MetaKey(turnId), options.Value.TurnEventRetention, CommandFlags.FireAndForget);
    });

    /// <summary>Renews the running replica's lease on the turn.</summary>
    public void Renew(Guid turnId) => FireAndForget(database =>
        database.StringSet(LeaseKey(turnId), "1", options.Value.TurnLease, flags: CommandFlags.FireAndForget));

    public void Append(Guid turnId, TurnEvent turnEvent) => writer.Enqueue(turnId, turnEvent);

    /// <summary>The conversation of a turn any replica started, or null when Redis does not know it (unknown, expired or Redis down).</summary>
    public async Task<Guid?> FindConversationAsync(Guid turnId)
    {
        try
        {
            var value = await redisCalls.ExecuteAsync(async _ => await redis.GetDatabase().HashGetAsync(MetaKey(turnId), "conversation"));
            return value.HasValue && Guid.TryParse(value.ToString(), out var id) ? id : null;
        }
        catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
        {
            LogUnavailable(logger, ex.Message);
            return null;
        }
    }

    public async Task<bool> PublishCancelAsync(Guid turnId)
    {
        // A cancel is what the person asked for, and Redis's timeout is short (requests wait on it): one slow answer,
        // as on a loaded machine, gets a second try before the cancel is reported undeliverable.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await redisCalls.ExecuteAsync(async _ => await redis.GetSubscriber().PublishAsync(CancelChannel, turnId.ToString()));
                return true;
            }
            catch (Exception ex) when (RedisCalls.IsUnavailable(ex) && attempt < 2)
            {
                LogRetrying(logger, ex.Message);
            }
            catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
            {
                LogUnavailable(logger, ex.Message);
                return false;
            }
        }
    }

    /// <summary>Replays the events after <paramref name="afterSeq"/>, then follows the turn until its last event.</summary>
    public async IAsyncEnumerable<TurnEvent> ReadAsync(Guid turnId, long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var announced = new SemaphoreSlim(0);
        void OnAnnounced(RedisChannel channel, RedisValue seq) => announced.Release();
        var subscriber = redis.GetSubscriber();
        await subscriber.SubscribeAsync(Channel(turnId), OnAnnounced);
        try
        {
            var last = afterSeq;
            while (true)
            {
                var entries = await redis.GetDatabase().StreamRangeAsync(EventsKey(turnId), EntryId(last + 1));
                foreach (var entry in entries)
                {
                    var turnEvent = Parse(entry);
                    last = turnEvent.Seq;
                    yield return turnEvent;
                    if (turnEvent.IsTerminal)
                    {
                        yield break;
                    }
                }

                if (entries.Length == 0 && !await redis.GetDatabase().KeyExistsAsync(MetaKey(turnId)))
                {
                    yield break;
                }

                if (!await announced.WaitAsync(RecheckInterval, cancellationToken) && await IsLostAsync(turnId))
                {
                    yield return new TurnEvent(last + 1, TurnEventKind.Error, JsonSerializer.Serialize(
                        new TurnErrorPayload("turn_lost", "The server running this turn stopped before it ended; send the message again.", Retryable: true),
                        JsonSerializerOptions.Web));
                    yield break;
                }
            }
        }
        finally
        {
            await subscriber.UnsubscribeAsync(Channel(turnId), OnAnnounced);
        }
    }

    /// <summary>A turn still marked running whose lease lapsed: its replica died, and no event will ever come.</summary>
    private async Task<bool> IsLostAsync(Guid turnId)
    {
        var database = redis.GetDatabase();
        return await database.HashGetAsync(MetaKey(turnId), "state") == "running" && !await database.KeyExistsAsync(LeaseKey(turnId));
    }

    private static TurnEvent Parse(StreamEntry entry)
    {
        var id = entry.Id.ToString();
        var seq = long.Parse(id.AsSpan(id.IndexOf('-', StringComparison.Ordinal) + 1), System.Globalization.CultureInfo.InvariantCulture);
        return new TurnEvent(seq, Enum.Parse<TurnEventKind>(entry["type"].ToString()), entry["data"].ToString());
    }

    /// <summary>A turn's events have the stream ids <c>0-{seq}</c>, so a range from one seq on is a range from this id.</summary>
    private static RedisValue EntryId(long seq) => $"0-{seq}";

    private void FireAndForget(Action<IDatabase> write)
    {
        if (!redis.IsConnected)
        {
            return;
        }

        try
        {
            write(redis.GetDatabase());
        }
        catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
        {
            LogUnavailable(logger, ex.Message);
        }
    }

    internal static RedisKey EventsKey(Guid turnId) => $"turn:{turnId}:events";

    internal static RedisKey MetaKey(Guid turnId) => $"turn:{turnId}";

    internal static RedisKey LeaseKey(Guid turnId) => $"turn:{turnId}:lease";

    internal static RedisChannel Channel(Guid turnId) => RedisChannel.Literal($"turn:{turnId}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable; turns continue without resume or cross-replica cancel: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis did not take a cancel ({Reason}); trying once more")]
    private static partial void LogRetrying(ILogger logger, string reason);
}
