using Platform.Gateway.Speech;

namespace Platform.Gateway.Tests.Speech;

/// <summary>Which words of a spoken reply were heard, given how much of its audio was played.</summary>
public sealed class SpokenTimelineTests
{
    private const string Reply = "The train leaves at noon. It is on time today.";

    private static readonly SpokenSentence[] Spoken = [new("The train leaves at noon.", 1000), new("It is on time today.", 2000)];

    [Fact]
    public void WholeSentencesPlayedAreHeardWhole()
    {
        Assert.Equal("The train leaves at noon.", SpokenTimeline.Heard(Spoken, 1000, Reply));
    }

    [Fact]
    public void OfASentenceCutShortTheShareOfItsWordsThatWasPlayedIsHeard()
    {
        Assert.Equal("The train leaves at noon. It is", SpokenTimeline.Heard(Spoken, 1000 + 1000, Reply));
    }

    [Fact]
    public void NothingPlayedIsNothingHeard()
    {
        Assert.Equal(string.Empty, SpokenTimeline.Heard(Spoken, 0, Reply));
    }

    [Fact]
    public void AReplyPlayedToTheEndNeedsNoTruncation()
    {
        Assert.Null(SpokenTimeline.Heard(Spoken, 3000, Reply));
    }

    [Fact]
    public void AllTheAudioPlayedOfAReplyCancelledBeforeItsLastSentenceWasSpokenIsWhatWasHeard()
    {
        Assert.Equal("The train leaves at noon. It is on time today.", SpokenTimeline.Heard(Spoken, 3000, Reply + " Platform two."));
    }

    [Fact]
    public void ChunksOfOneSentenceAddUpToItsAudio()
    {
        var timeline = new SpokenTimeline();
        timeline.Add(0, "One two.", 300);
        timeline.Add(0, "One two.", 200);
        timeline.Add(1, "Three four.", 400);

        Assert.Equal([new SpokenSentence("One two.", 500), new SpokenSentence("Three four.", 400)], timeline.Sentences);
    }
}
