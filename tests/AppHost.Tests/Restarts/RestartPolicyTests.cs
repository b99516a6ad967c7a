using Platform.AppHost.Restarts;

namespace Platform.AppHost.Tests.Restarts;

public sealed class RestartPolicyTests
{
    [Fact]
    public void TheDelayStartsAtAQuarterSecondAndDoublesPerRecentCrashUpToEightSeconds()
    {
        var delays = Enumerable.Range(1, 8).Select(crashes => RestartPolicy.Default.DelayAfter(crashes).TotalSeconds);

        Assert.Equal([0.25, 0.5, 1, 2, 4, 8, 8, 8], delays);
    }

    [Fact]
    public void AResourceIsGivenUpAtItsFifthCrashWithinAMinute()
    {
        Assert.False(RestartPolicy.Default.GivesUpAfter(4));
        Assert.True(RestartPolicy.Default.GivesUpAfter(5));
        Assert.Equal(TimeSpan.FromMinutes(1), RestartPolicy.Default.Window);
    }
}
