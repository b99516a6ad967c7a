using Platform.Gateway.Scenarios;
using Platform.Testing;

namespace Platform.Gateway.Tests.Scenarios;

public sealed class ObjectiveMatcherTests
{
    private static readonly ScenarioCatalog Shipped = ScenarioCatalog.Load(Path.Combine(RepositoryLayout.Root, "src", "Gateway", "Scenarios", "Catalog"));

    private static Scenario Restaurant => Shipped.Find("de-restaurant")!;

    [Theory]
    [InlineData("Guten Abend! Ich hätte gern ein Bier.", "greet,order-drink")]
    [InlineData("GUTEN ABEND, Hans.", "greet")]
    [InlineData("Ich nehme das Schnitzel, bitte.", "order-food")]
    [InlineData("Die Rechnung, bitte!", "ask-bill")]
    [InlineData("Wie spät ist es?", "")]
    public void A_message_completes_the_rule_based_objectives_whose_phrases_or_patterns_it_contains(string message, string expected) =>
        Assert.Equal(expected, string.Join(',', ObjectiveMatcher.Completed(Restaurant, new HashSet<string>(), message).Select(o => o.Id)));

    [Fact]
    public void A_phrase_matches_whole_words_only()
    {
        var hotel = Shipped.Find("en-hotel")!;

        Assert.Empty(ObjectiveMatcher.Completed(hotel, new HashSet<string>(), "This is it."));
        Assert.Equal("greet", Assert.Single(ObjectiveMatcher.Completed(hotel, new HashSet<string>(), "Hi, there.")).Id);
    }

    [Fact]
    public void Completed_and_judged_objectives_are_never_matched_again()
    {
        var completed = ObjectiveMatcher.Completed(Restaurant, new HashSet<string> { "greet" }, "Guten Abend, small talk: das Wetter ist schön.");

        Assert.Empty(completed);
    }
}
