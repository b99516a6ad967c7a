using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Gateway.Infrastructure;
using Platform.Gateway.Limits;
using Platform.Gateway.Tests.Infrastructure;
using StackExchange.Redis;

namespace Platform.Gateway.Tests.Limits;

/// <summary>The open-microphone slots on a real Redis, with the time set by the test.</summary>
public sealed class MicrophoneSlotTests(GatewayEnvironment environment)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task ARenewedSlotIsKeptPastItsFirstLeaseAndOneNoLongerRenewedLapsesSoAnotherMicrophoneOpens()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        using var redis = await ConnectionMultiplexer.ConnectAsync(environment.Redis.ConnectionString);
        var limiter = new UserLimiter(redis, new RedisCalls(), Options.Create(new LimitsOptions { OpenMicrophones = 1 }), NullLogger<UserLimiter>.Instance, clock);
        var user = Guid.NewGuid();
        var open = Guid.NewGuid();

        var opened = await limiter.TryOpenMicrophoneAsync(user, open, Lease);
        clock.Now += TimeSpan.FromSeconds(40);
        await limiter.RenewMicrophoneAsync(user, open, Lease);
        clock.Now += TimeSpan.FromSeconds(40);
        var pastTheFirstLease = await limiter.TryOpenMicrophoneAsync(user, Guid.NewGuid(), Lease);
        // Not renewed again, as when its replica died.
        clock.Now += TimeSpan.FromSeconds(21);
        var afterItLapsed = await limiter.TryOpenMicrophoneAsync(user, Guid.NewGuid(), Lease);

        Assert.True(opened);
        Assert.False(pastTheFirstLease);
        Assert.True(afterItLapsed);
    }
}
