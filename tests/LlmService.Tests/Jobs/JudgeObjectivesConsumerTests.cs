using MassTransit;
using Microsoft.Extensions.AI;
using Platform.Contracts.Jobs;

namespace Platform.LlmService.Tests.Jobs;

public sealed class JudgeObjectivesConsumerTests
{
    private static readonly JudgeObjectives Job = new(Guid.NewGuid(), Guid.NewGuid(), "de", "Hans",
        "Das Wetter in München ist heute wunderbar, nicht wahr?", [new JudgedObjective("small-talk", "Make a little small talk with Hans")]);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_verdict_naming_an_objective_is_published_for_the_turn_from_one_background_generation()
    {
        var provider = new ScriptedProvider("Sure.\n```json\n{\"completed\": [\"small-talk\"]}\n```");
        await using var harness = await JobHarness.StartAsync(provider);

        await harness.Bus.Bus.Publish(Job, Token);

        Assert.True(await harness.Bus.Published.Any<ObjectivesJudged>(Token));
        var result = harness.Bus.Published.Select<ObjectivesJudged>(Token).Single().Context.Message;
        Assert.Equal((Job.ConversationId, Job.TurnId, "small-talk"), (result.ConversationId, result.TurnId, Assert.Single(result.Completed)));
        var request = Assert.Single(provider.Requests);
        Assert.Contains("small-talk: Make a little small talk with Hans", request.Messages[0].Text, StringComparison.Ordinal);
        Assert.Equal(Job.Message, request.Messages[^1].Text);
    }

    [Fact]
    public async Task A_story_instead_of_a_verdict_gets_one_repair_prompt_then_faults_after_the_retries_without_a_result()
    {
        var provider = new ScriptedProvider("Once upon a time there was a little dog.");
        await using var harness = await JobHarness.StartAsync(provider);

        await harness.Bus.Bus.Publish(Job, Token);

        Assert.True(await harness.Bus.Published.Any<Fault<JudgeObjectives>>(Token));
        var fault = harness.Bus.Published.Select<Fault<JudgeObjectives>>(Token).Single().Context.Message;
        Assert.Contains("invalid after a repair prompt", Assert.Single(fault.Exceptions).Message, StringComparison.Ordinal);
        Assert.Equal(JobHarness.Deliveries * 2, provider.Requests.Count);
        var repair = provider.Requests[1].Messages;
        Assert.Equal(("Once upon a time there was a little dog.", ChatRole.Assistant), (repair[^2].Text, repair[^2].Role));
        Assert.Contains("no JSON object", repair[^1].Text, StringComparison.Ordinal);
        Assert.False(await harness.Bus.Published.Any<ObjectivesJudged>(Token));
    }
}
