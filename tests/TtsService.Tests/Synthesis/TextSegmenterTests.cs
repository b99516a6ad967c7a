using Platform.TtsService.Synthesis;

namespace Platform.TtsService.Tests.Synthesis;

public sealed class TextSegmenterTests
{
    [Fact]
    public void SentencesBecomeSegments()
    {
        Assert.Equal(["Hello there.", "How are you?", "Fine!", "Good…", "Bye"],
            TextSegmenter.Split("Hello there. How are you?  Fine!\nGood… Bye"));
    }

    [Fact]
    public void AbbreviationsInitialsAndDecimalsDoNotEndASentence()
    {
        Assert.Equal(["Dr. Smith met Mr. J. Brown at 3.5 p.m. on Main St. today.", "Then they left."],
            TextSegmenter.Split("Dr. Smith met Mr. J. Brown at 3.5 p.m. on Main St. today. Then they left."));
    }

    [Fact]
    public void BlankLineEndsAParagraphWithoutPunctuation()
    {
        Assert.Equal(["A heading", "Its text."], TextSegmenter.Split("A heading\n\nIts text."));
    }

    [Fact]
    public void LongSentenceIsCutAtACommaOrSpaceWithinTheLimit()
    {
        var clause = "and then the little robot walked a bit further along the harbour wall";
        var sentence = string.Join(", ", Enumerable.Repeat(clause, 8)) + ".";

        var segments = TextSegmenter.Split(sentence);

        Assert.True(segments.Count > 1);
        Assert.All(segments, segment => Assert.InRange(segment.Length, 1, TextSegmenter.MaxSegmentLength));
        Assert.All(segments.SkipLast(1), segment => Assert.EndsWith(",", segment, StringComparison.Ordinal));
        Assert.Equal(sentence.Replace(" ", string.Empty, StringComparison.Ordinal), string.Concat(segments).Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void WordLongerThanTheLimitIsCutHard()
    {
        var segments = TextSegmenter.Split(new string('x', 600));

        Assert.Equal([250, 250, 100], segments.Select(segment => segment.Length));
    }

    [Fact]
    public void WhitespaceOnlyTextHasNoSegments()
    {
        Assert.Empty(TextSegmenter.Split("  \n "));
    }
}
