using Platform.Gateway.Speech;

namespace Platform.Gateway.Tests.Speech;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void SentencesComeOutAsSoonAsTheyAreCompleteWhateverTheTokenBoundaries()
    {
        var splitter = new SentenceSplitter();
        var said = new List<string>();

        foreach (var token in new[] { "Hel", "lo there", ". How", " are you", "?", " I am", " fine!", " Bye" })
        {
            said.AddRange(splitter.Add(token));
        }

        Assert.Equal(["Hello there.", "How are you?", "I am fine!"], said);
        Assert.Equal("Bye", splitter.Flush());
        Assert.Null(splitter.Flush());
    }

    [Fact]
    public void AbbreviationsInitialsAndDecimalsDoNotEndASentence()
    {
        var splitter = new SentenceSplitter();

        var said = splitter.Add("Dr. Smith met J. R. Tolkien at 3.30 p.m. on Friday, e.g. after lunch. Then ");

        Assert.Equal(["Dr. Smith met J. R. Tolkien at 3.30 p.m. on Friday, e.g. after lunch."], said);
    }

    [Fact]
    public void ClosingQuotesStayWithTheirSentenceAndLineBreaksEndOne()
    {
        var splitter = new SentenceSplitter();

        var said = splitter.Add("She said \"Stop!\" and left.\nNext line\nand more ");

        Assert.Equal(["She said \"Stop!\"", "and left.", "Next line", "and more"], said.Concat([splitter.Flush()!]).ToList());
    }

    [Fact]
    public void AnOverlongRunIsCutAtACommaOrSpaceBeforeTheLimit()
    {
        var splitter = new SentenceSplitter(maxLength: 40);

        var said = splitter.Add("one two three four five six seven, eight nine ten eleven twelve thirteen");

        Assert.All(said, sentence => Assert.True(sentence.Length <= 40, sentence));
        Assert.Equal("one two three four five six seven,", said[0]);
    }

    [Fact]
    public void WithFirstClauseWordsTheFirstPieceEndsAtAClauseOfThatManyWordsAndLaterOnesAtSentencesOnly()
    {
        var splitter = new SentenceSplitter(firstClauseWords: 4);
        var said = new List<string>();

        foreach (var token in new[] { "Once", " upon", " a time", ",", " there", " was", " a girl, who", " liked", " cats", ". She", " smiled", "." })
        {
            said.AddRange(splitter.Add(token));
        }

        Assert.Equal(["Once upon a time,", "there was a girl, who liked cats."], said);
        Assert.Equal("She smiled.", splitter.Flush());
    }

    [Fact]
    public void AFirstClauseShorterThanFirstClauseWordsWaitsForTheSentence()
    {
        var splitter = new SentenceSplitter(firstClauseWords: 4);

        var said = splitter.Add("Yes, of course. Then ");

        Assert.Equal(["Yes, of course."], said);
    }
}
