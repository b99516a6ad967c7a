using Platform.Contracts.Jobs;
using Platform.LlmService.Jobs;

namespace Platform.LlmService.Tests.Jobs;

public sealed class VerdictParserTests
{
    private static readonly JudgedObjective[] Asked = [new("small-talk", "Make small talk"), new("polite", "Be polite")];

    [Theory]
    [InlineData("{\"completed\": [\"polite\"]}", "polite")]
    [InlineData("Here you go: {\"completed\": [\"small-talk\", \"polite\", \"polite\"]} Hope that helps {", "small-talk,polite")]
    [InlineData("{\"note\": {\"x\": 1}} then {\"completed\": []}", "")]
    public void The_first_object_with_a_completed_array_gives_the_distinct_ids(string answer, string expected)
    {
        var ids = VerdictParser.TryParse(answer, Asked, out var problem);

        Assert.NotNull(ids);
        Assert.Equal(expected, string.Join(',', ids));
        Assert.Empty(problem);
    }

    [Theory]
    [InlineData("Once upon a time, a little girl.", "no JSON object")]
    [InlineData("{\"completed\": \"polite\"}", "not an array")]
    [InlineData("{\"completed\": [\"order-food\"]}", "\"order-food\", which is not one of the objective ids \"small-talk\", \"polite\"")]
    [InlineData("{\"completed\": [3]}", "3, which is not")]
    public void An_answer_that_is_not_a_verdict_on_the_asked_objectives_says_why(string answer, string expectedProblem)
    {
        Assert.Null(VerdictParser.TryParse(answer, Asked, out var problem));
        Assert.Contains(expectedProblem, problem, StringComparison.Ordinal);
    }
}
