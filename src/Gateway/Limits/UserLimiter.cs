using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Platform.Gateway.Infrastructure;

namespace Platform.Gateway.Limits;

/// <summary>
/// Per-user request rate (a sliding one-minute window) and counts of running turns and open microphones, kept in Redis
/// so they hold across replicas. When Redis is down each replica enforces the limits on its own.
/// </summary>
public sealed partial class UserLimiter(IConnectionMultiplexer redis, RedisCalls redisCalls, IOptions<LimitsOptions> options, ILogger<UserLimiter> logger, TimeProvider time)
{
    private const string AcquireScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 1
        """;

    /// <summary>
    /// A sliding window: the user's accepted requests of the last minute, by time, so the rate holds across any minute
    /// and not only within calendar minutes (where twice the limit could pass across a boundary). Answers 0 when the
    /// request is counted, else the milliseconds until the oldest counted one leaves the window.
    /// </summary>
    private const string RateScript = """
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
            local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            return math.max(1, tonumber(oldest[2]) + window - now)
        end
        redis.call('ZADD', KEYS[1], now, ARGV[4])
        redis.call('PEXPIRE', KEYS[1], window)
        return 0
        """;

    private const long WindowMs = 60_000;

    private readonly ConcurrentDictionary<string, int> localCounts = new();
    private readonly ConcurrentDictionary<Guid, Queue<long>> localRequests = new();

    /// <summary>Counts a request or WebSocket message; returns how long to wait when the user is over the rate, else null.</summary>
    public async Task<TimeSpan?> CountRequestAsync(Guid userId)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var limit = options.Value.RequestsPerMinute;
        long waitMs;
        try
        {
            waitMs = (long)await redisCalls.ExecuteAsync(async token => await redis.GetDatabase().ScriptEvaluateAsync(
                RateScript,
                [$"rate:{userId}"],
                [now, WindowMs, limit, Guid.NewGuid().ToString("N")]));
        }
        catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
        {
            LogLocal(logger, ex.Message);
            waitMs = CountLocally(userId, now, limit);
        }

        return waitMs > 0 ? TimeSpan.FromMilliseconds(waitMs) : null;
    }

    /// <summary>Takes one of the user's turn slots until <paramref name="mustEndBy"/>; false when all are taken.</summary>
    public Task<bool> TryStartTurnAsync(Guid userId, Guid turnId, TimeSpan mustEndBy) =>
        TryTakeAsync(TurnsKey(userId), options.Value.ConcurrentTurns, turnId, mustEndBy);

    public Task EndTurnAsync(Guid userId, Guid turnId) => ReleaseAsync(TurnsKey(userId), turnId);

    /// <summary>
    /// Takes one of the user's open microphones (each holds a recognition stream) for <paramref name="lease"/>, which
    /// its socket renews while it is open; false when all are taken.
    /// </summary>
    public Task<bool> TryOpenMicrophoneAsync(Guid userId, Guid microphoneId, TimeSpan lease) =>
        TryTakeAsync(MicrophonesKey(userId), options.Value.OpenMicrophones, microphoneId, lease);

    /// <summary>Extends an open microphone's lease, so that only the slots of microphones whose replica died lapse.</summary>
    public async Task RenewMicrophoneAsync(Guid userId, Guid microphoneId, TimeSpan lease)
    {
        var key = MicrophonesKey(userId);
        var until = (time.GetUtcNow() + lease).ToUnixTimeMilliseconds();
        try
        {
            await redisCalls.ExecuteAsync(async token =>
            {
                var database = redis.GetDatabase();
                await database.SortedSetAddAsync(key, microphoneId.ToString(), until, SortedSetWhen.Exists);
                return await database.KeyExpireAsync(key, lease);
            });
        }
        catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
        {
            // Counted on this replica alone while Redis is down, where nothing lapses.
        }
    }

    public Task CloseMicrophoneAsync(Guid userId, Guid microphoneId) => ReleaseAsync(MicrophonesKey(userId), microphoneId);

    private static string TurnsKey(Guid userId) => $"turns:{userId}";

    private static string MicrophonesKey(Guid userId) => $"microphones:{userId}";

    /// <summary>
    /// A slot is a member of a sorted set scored by when it must have been given back, so a replica that dies cannot
    /// leak one.
    /// </summary>
    private async Task<bool> TryTakeAsync(string key, int limit, Guid holder, TimeSpan mustEndBy)
    {
        var now = time.GetUtcNow();
        try
        {
            var result = await redisCalls.ExecuteAsync(async token => await redis.GetDatabase().ScriptEvaluateAsync(
                AcquireScript,
                [key],
                [now.ToUnixTimeMilliseconds(), limit, (now + mustEndBy).ToUnixTimeMilliseconds(), holder.ToString(), (long)mustEndBy.TotalMilliseconds]));
            return (int)result == 1;
        }
        catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
        {
            LogLocal(logger, ex.Message);
            var taken = localCounts.AddOrUpdate(key, 1, (_, c) => c + 1);
            if (taken > limit)
            {
                localCounts.AddOrUpdate(key, 0, (_, c) => c - 1);
                return false;
            }

            return true;
        }
    }

    private async Task ReleaseAsync(string key, Guid holder)
    {
        try
        {
            await redisCalls.ExecuteAsync(async token => await redis.GetDatabase().SortedSetRemoveAsync(key, holder.ToString()));
        }
        catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
        {
            localCounts.AddOrUpdate(key, 0, (_, c) => Math.Max(0, c - 1));
        }
    }

    /// <summary>The same sliding window on this replica alone, while Redis is unavailable.</summary>
    private long CountLocally(Guid userId, long now, int limit)
    {
        var accepted = localRequests.GetOrAdd(userId, _ => new Queue<long>());
        lock (accepted)
        {
            while (accepted.TryPeek(out var oldest) && oldest <= now - WindowMs)
            {
                accepted.Dequeue();
            }

            if (accepted.Count >= limit)
            {
                return Math.Max(1, accepted.Peek() + WindowMs - now);
            }

            accepted.Enqueue(now);
            return 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable; limits are enforced per replica until it returns: {Reason}")]
    private static partial void LogLocal(ILogger logger, string reason);
}
