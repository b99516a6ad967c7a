using Platform.LlmService.Providers.Local;

namespace Platform.LlmService.Tests.Providers.Local;

public sealed class StopSequenceFilterTests
{
    [Fact]
    public void TextThatMightStartAStopSequenceIsHeldBackUntilTheNextPieceDecides()
    {
        var filter = new StopSequenceFilter(["\nUser:"]);

        var first = filter.Push("Hello\nUs", out var stoppedFirst);
        var second = filter.Push("ually fine", out var stoppedSecond);

        Assert.Equal("Hello", first);
        Assert.Equal("\nUsually fine", second);
        Assert.False(stoppedFirst || stoppedSecond);
    }

    [Fact]
    public void AStopSequenceSpreadOverPiecesEndsTheTextBeforeIt()
    {
        var filter = new StopSequenceFilter(["\nUser:"]);

        var sent = filter.Push("Bye.\nU", out var stoppedFirst) + filter.Push("ser: hi", out var stopped);

        Assert.Equal("Bye.", sent);
        Assert.False(stoppedFirst);
        Assert.True(stopped);
    }

    [Fact]
    public void TheEarliestOfSeveralStopSequencesWins()
    {
        var filter = new StopSequenceFilter(["END", "."]);

        var text = filter.Push("one. two END", out var stopped);

        Assert.Equal("one", text);
        Assert.True(stopped);
    }

    [Fact]
    public void WithoutStopSequencesTextPassesStraightThrough()
    {
        var filter = new StopSequenceFilter([]);

        Assert.Equal("abc", filter.Push("abc", out var stopped));
        Assert.False(stopped);
        Assert.Equal(string.Empty, filter.Flush());
    }
}
