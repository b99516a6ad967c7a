using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Platform.Gateway.Turns;
using StackExchange.Redis;

namespace Platform.Gateway.Limits;

/// <summary>
/// Per-user request rate (fixed one-minute windows) and concurrent-turn counts, kept in Redis so they hold across
/// replicas. A running turn is a member of a sorted set scored by when it must have ended, so a replica that dies
/// cannot leak a slot. When Redis is down each replica enforces the limits on its own.
/// </summary>
public sealed partial class UserLimiter(IConnectionMultiplexer redis, RedisCalls redisCalls, IOptions<LimitsOptions> options, ILogger<UserLimiter> logger)
{
    private const string AcquireScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 1
        """;

    private readonly ConcurrentDictionary<string, int> localCounts = new();

    /// <summary>Counts a request; returns how long to wait when the user is over the rate, else null.</summary>
    public async Task<TimeSpan?> CountRequestAsync(Guid userId)
    {
        var now = DateTimeOffset.UtcNow;
        var window = now.ToUnixTimeSeconds() / 60;
        var retryAfter = TimeSpan.FromSeconds(60 - (now.ToUnixTimeSeconds() % 60));
        var key = $"rate:{userId}:{window}";
        long count;
        try
        {
            count = await redisCalls.ExecuteAsync(async token =>
            {
                var database = redis.GetDatabase();
                var incremented = await database.StringIncrementAsync(key);
                if (incremented == 1)
                {
                    await database.KeyExpireAsync(key, TimeSpan.FromSeconds(61));
                }

                return incremented;
            });
        }
        catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
        {
            LogLocal(logger, ex.Message);
            count = localCounts.AddOrUpdate(key, 1, (_, c) => c + 1);
            foreach (var stale in localCounts.Keys.Where(k => !k.EndsWith($":{window}", StringComparison.Ordinal)))
            {
                localCounts.TryRemove(stale, out _);
            }
        }

        return count > options.Value.RequestsPerMinute ? retryAfter : null;
    }

    /// <summary>Takes one of the user's turn slots until <paramref name="mustEndBy"/>; false when all are taken.</summary>
    public async Task<bool> TryStartTurnAsync(Guid userId, Guid turnId, TimeSpan mustEndBy)
    {
        var now = DateTimeOffset.UtcNow;
        try
        {
            var result = await redisCalls.ExecuteAsync(async token => await redis.GetDatabase().ScriptEvaluateAsync(
                AcquireScript,
                [$"turns:{userId}"],
                [now.ToUnixTimeMilliseconds(), options.Value.ConcurrentTurns, (now + mustEndBy).ToUnixTimeMilliseconds(), turnId.ToString(), (long)mustEndBy.TotalMilliseconds]));
            return (int)result == 1;
        }
        catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
        {
            LogLocal(logger, ex.Message);
            var key = $"turns:{userId}";
            var taken = localCounts.AddOrUpdate(key, 1, (_, c) => c + 1);
            if (taken > options.Value.ConcurrentTurns)
            {
                localCounts.AddOrUpdate(key, 0, (_, c) => c - 1);
                return false;
            }

            return true;
        }
    }

    public async Task EndTurnAsync(Guid userId, Guid turnId)
    {
        try
        {
            await redisCalls.ExecuteAsync(async token => await redis.GetDatabase().SortedSetRemoveAsync($"turns:{userId}", turnId.ToString()));
        }
        catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
        {
            localCounts.AddOrUpdate($"turns:{userId}", 0, (_, c) => Math.Max(0, c - 1));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable; limits are enforced per replica until it returns: {Reason}")]
    private static partial void LogLocal(ILogger logger, string reason);
}
