using Platform.AppHost.Hosting;

namespace Platform.AppHost.Tests.Supervision;

public sealed class RestartPolicyTests
{
    [Fact]
    public void The_delay_doubles_with_each_crash_up_to_the_maximum()
    {
        var policy = new RestartPolicy(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2), MaxCrashes: 5, Window: TimeSpan.FromMinutes(1));

        Assert.Equal(
            [250, 500, 1000, 2000, 2000, 2000],
            new[] { 1, 2, 3, 4, 5, 40 }.Select(crashes => policy.DelayAfter(crashes).TotalMilliseconds));
    }
}
