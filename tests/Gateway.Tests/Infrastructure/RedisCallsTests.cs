using System.IO.Pipelines;
using Platform.Gateway.Infrastructure;
using StackExchange.Redis;

namespace Platform.Gateway.Tests.Infrastructure;

public sealed class RedisCallsTests
{
    [Fact]
    public void AConnectionsPipeReadAfterItWasTornDownCountsAsRedisUnavailable()
    {
        var pipe = new Pipe();
        pipe.Reader.Complete();

        var torn = Assert.Throws<InvalidOperationException>(() => pipe.Reader.AdvanceTo(default));

        Assert.True(RedisCalls.IsUnavailable(torn));
        Assert.True(RedisCalls.IsUnavailable(new RedisConnectionException(ConnectionFailureType.SocketClosed, "closed")));
        Assert.False(RedisCalls.IsUnavailable(new InvalidOperationException("a bug of ours")));
    }
}
