using Platform.LlmService.Jobs;

namespace Platform.LlmService.Tests.Jobs;

public sealed class VocabularyParserTests
{
    private const string Item =
        """{"term": "bonjour", "lemma": "bonjour", "partOfSpeech": "Interjection", "definition": "hello", "example": "Bonjour, Marie !", "cefrLevel": "a1"}""";

    [Fact]
    public void Reads_an_array_inside_a_code_fence_and_prose()
    {
        var terms = VocabularyParser.TryParse($"Here you go:\n```json\n[{Item}]\n```\nEnjoy!", out var problem);

        var term = Assert.Single(terms!);
        Assert.Equal(string.Empty, problem);
        Assert.Equal(("bonjour", "interjection", "hello", "A1"), (term.Lemma, term.PartOfSpeech, term.Definition, term.CefrLevel));
    }

    [Fact]
    public void Skips_brackets_that_do_not_open_a_json_array()
    {
        var terms = VocabularyParser.TryParse($"[note] the words [are]: [{Item}, {Item.Replace("bonjour", "merci", StringComparison.Ordinal)}]", out _);

        Assert.Equal(["bonjour", "merci"], terms!.Select(term => term.Term));
    }

    [Fact]
    public void Keeps_brackets_inside_strings_within_the_array()
    {
        var terms = VocabularyParser.TryParse($"[{Item.Replace("hello", "hello ] [ greeting", StringComparison.Ordinal)}]", out _);

        Assert.Equal("hello ] [ greeting", Assert.Single(terms!).Definition);
    }

    [Fact]
    public void Takes_an_empty_array_as_nothing_to_learn()
    {
        Assert.Empty(VocabularyParser.TryParse("[]", out _)!);
    }

    [Theory]
    [InlineData("Once upon a time there was a little dog.", "no JSON array")]
    [InlineData("""[{"term": "chat"}]""", "item 0 has no text in \"lemma\"")]
    [InlineData("""[{"term": "chat", "lemma": "chat", "partOfSpeech": "noun", "definition": "cat", "example": "Le chat dort.", "cefrLevel": "Z9"}]""", "cefrLevel \"Z9\"")]
    [InlineData("[1, 2]", "item 0 is not an object")]
    [InlineData("[{\"term\": \"chat\",, }]", "malformed")]
    public void Refuses_invalid_output_saying_why(string text, string expectedProblem)
    {
        Assert.Null(VocabularyParser.TryParse(text, out var problem));
        Assert.Contains(expectedProblem, problem, StringComparison.Ordinal);
    }
}
