using Platform.Gateway.Prompting;

namespace Platform.Gateway.Tests.Prompting;

public sealed class PromptHistoryWindowTests
{
    [Theory]
    [InlineData(0, 20, 0)]
    [InlineData(1, 20, 1)]
    [InlineData(20, 20, 20)]
    [InlineData(3, 1, 1)]
    public void UpToTheWindowEveryMessageIsKept(int messages, int window, int kept) =>
        Assert.Equal(kept, PromptHistoryWindow.Kept(messages, window));

    [Fact]
    public void PastTheWindowTheOldestLeaveInBlocksSoTheFirstKeptMessageStaysPutForSeveralTurns()
    {
        // A conversation grows by two messages a turn; the first kept message is the count left out before it.
        var firstKept = Enumerable.Range(10, 12).Select(turn => 2 * turn).Select(messages => messages - PromptHistoryWindow.Kept(messages, 20)).ToList();

        Assert.Equal([0, 10, 10, 10, 10, 10, 20, 20, 20, 20, 20, 30], firstKept);
        Assert.All(Enumerable.Range(21, 80), messages => Assert.InRange(PromptHistoryWindow.Kept(messages, 20), 20 - PromptHistoryWindow.Step + 1, 20));
    }
}
