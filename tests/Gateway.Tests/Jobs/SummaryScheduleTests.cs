using Platform.Gateway.Jobs;

namespace Platform.Gateway.Tests.Jobs;

public sealed class SummaryScheduleTests
{
    [Theory]
    [InlineData(8, 10, false)]
    [InlineData(10, 11, true)]
    [InlineData(10, 12, true)]
    [InlineData(12, 14, false)]
    [InlineData(14, 16, true)]
    [InlineData(16, 18, false)]
    [InlineData(20, 22, true)]
    [InlineData(25, 26, true)]
    public void A_summary_is_due_when_a_turn_passes_10_messages_and_every_5_after(long before, long after, bool due)
    {
        Assert.Equal(due, JobScheduler.CrossesSummaryPoint(before, after));
    }
}
