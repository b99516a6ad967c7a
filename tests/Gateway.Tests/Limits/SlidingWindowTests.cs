using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Gateway.Infrastructure;
using Platform.Gateway.Limits;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Gateway.Turns;
using StackExchange.Redis;

namespace Platform.Gateway.Tests.Limits;

/// <summary>The per-minute limit on a real Redis, with the time set by the test.</summary>
public sealed class SlidingWindowTests(GatewayEnvironment environment)
{
    [Fact]
    public async Task TheLimitHoldsOverAnySixtySecondsNotOnlyWithinACalendarMinute()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 12, 0, 59, TimeSpan.Zero));
        using var redis = await ConnectionMultiplexer.ConnectAsync(environment.Redis.ConnectionString);
        var options = Options.Create(new LimitsOptions { RequestsPerMinute = 10 });
        var limiter = new UserLimiter(redis, new RedisCalls(), options, NullLogger<UserLimiter>.Instance, clock);
        var user = Guid.NewGuid();

        var lastSecondOfAMinute = new List<TimeSpan?>();
        for (var i = 0; i < 10; i++)
        {
            lastSecondOfAMinute.Add(await limiter.CountRequestAsync(user));
        }

        clock.Now = new DateTimeOffset(2026, 1, 1, 12, 1, 0, 500, TimeSpan.Zero);
        var nextMinute = await limiter.CountRequestAsync(user);
        clock.Now = new DateTimeOffset(2026, 1, 1, 12, 1, 59, 1, TimeSpan.Zero);
        var aMinuteAfterTheFirst = await limiter.CountRequestAsync(user);

        Assert.All(lastSecondOfAMinute, Assert.Null);
        Assert.NotNull(nextMinute);
        Assert.InRange(nextMinute.Value.TotalSeconds, 58.4, 58.6);
        Assert.Null(aMinuteAfterTheFirst);
    }
}
