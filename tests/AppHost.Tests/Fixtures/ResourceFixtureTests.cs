using System.Diagnostics;
using Platform.Testing;

namespace Platform.AppHost.Tests.Fixtures;

/// <summary>What a fixture-run process wrote is at hand for a failure message, across a restart too.</summary>
public sealed class ResourceFixtureTests
{
    private const string Ready = "Ready to accept connections";

    [Fact]
    public async Task RecentOutputHoldsWhatTheProcessWroteAndTheRestartAfterACrash()
    {
        await using var redis = new RedisFixture();
        await redis.InitializeAsync();
        await OutputShowsAsync(redis, output => output.Contains(Ready, StringComparison.Ordinal));

        var killed = redis.ProcessId;
        Assert.True(await ProcessSignal.SendAsync(killed, "KILL"));
        await redis.WaitForRestartAsync(RedisFixture.ResourceName, killed, TimeSpan.FromSeconds(60));

        await OutputShowsAsync(redis, output => output.Contains("exited unexpectedly", StringComparison.Ordinal)
            && output.Split(Ready).Length == 3);
    }

    /// <summary>Lines reach the fixture a moment after the process writes them; waits up to 10 s for them.</summary>
    private static async Task OutputShowsAsync(RedisFixture redis, Func<string, bool> expected)
    {
        var clock = Stopwatch.StartNew();
        var output = redis.RecentOutput(RedisFixture.ResourceName, lines: 500);
        while (!expected(output) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            output = redis.RecentOutput(RedisFixture.ResourceName, lines: 500);
        }

        Assert.True(expected(output), $"after {clock.Elapsed.TotalSeconds:0.0} s the fixture holds: '{output}'");
    }
}
