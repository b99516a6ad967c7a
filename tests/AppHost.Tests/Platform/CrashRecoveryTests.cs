using System.Diagnostics;
using Platform.Testing;

namespace Platform.AppHost.Tests.Platform;

/// <summary>kill -9 of any process the AppHost runs: the AppHost starts it again, healthy, and says so in its log.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CrashRecoveryTests(AspirePlatform platform)
{
    [Theory]
    [InlineData("llm")]
    [InlineData("stt")]
    [InlineData("tts")]
    [InlineData("gateway")]
    [InlineData("redis")]
    [InlineData("messaging")]
    [InlineData("postgres")]
    public async Task AKilledProcessIsStartedAgainAndHealthyAndTheRestartIsLogged(string resource)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        await platform.Application.ResourceNotifications.WaitForResourceHealthyAsync(resource, deadline.Token);
        var killed = platform.ProcessIdOf(resource);

        var clock = Stopwatch.StartNew();
        Assert.True(await ProcessSignal.SendAsync(killed, "KILL"));
        await platform.WaitForHealthyReplacementAsync(resource, killed, deadline.Token);
        clock.Stop();

        Assert.False(ProcessTable.IsRunning(killed));
        Assert.Contains(platform.Logs.From("Platform.AppHost.Restarts.CrashRestarter"),
            message => message.StartsWith($"{resource}-", StringComparison.Ordinal) && message.Contains("exited unexpectedly", StringComparison.Ordinal));
        TestContext.Current.TestOutputHelper?.WriteLine($"{resource}: kill -9 -> healthy again in {clock.Elapsed.TotalSeconds:0.00} s");
    }
}
