using System.Net.Http.Json;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Gateway.Tests.Jobs;
using RabbitMQ.Client;

namespace Platform.Gateway.Tests.Scenarios;

/// <summary>stories260K cannot judge: the job must end in its error queue while the conversation's turns keep streaming.</summary>
// Each waits minutes for stories260K to fail a job on every delivery; run side by side on two cores they starve each other.
[Collection("Stories260K job error queues")]
public sealed class JudgeErrorQueueTests(GatewayEnvironment environment, JobsPlatform platform) : IClassFixture<JobsPlatform>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stories260K_judgement_lands_in_the_error_queue_and_turns_keep_streaming_meanwhile()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, platform.LlmService.BaseAddress, platform.GatewaySettings);
        var conversation = await harness.CreateConversationAsync(new { scenarioId = "de-restaurant" });

        var first = await harness.StreamTurnAsync(conversation, "Das Wetter ist heute schön.").ToListAsync(Token);
        var whileJudging = await harness.StreamTurnAsync(conversation, "Guten Abend!").ToListAsync(Token);

        var factory = new ConnectionFactory { Uri = new Uri(platform.RabbitMQ.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync(Token);
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        // Each job is generated twice (answer, repair) on each of four deliveries, 36 s of retry waits apart, in the
        // background lane beside the vocabulary jobs of the same turns: minutes on a loaded machine.
        var fault = await Eventually.ReturnsAsync(
            async () => await ErrorQueue.FaultAsync(connection, "judge-objectives_error", conversation),
            found => found is not null,
            TimeSpan.FromSeconds(300));
        TestContext.Current.SendDiagnosticMessage($"the judge job reached the error queue {waiting.Elapsed.TotalSeconds:0} s after the second turn");
        var afterwards = await harness.StreamTurnAsync(conversation, "Die Rechnung, bitte.").ToListAsync(Token);

        Assert.True(fault is not null, $"No judge job of this conversation reached the error queue; LlmService said:\n{platform.LlmService.RecentOutput(platform.LlmService.ResourceName, 60)}");
        Assert.Contains("invalid after a repair prompt", fault, StringComparison.Ordinal);
        foreach (var turn in new[] { first, whileJudging, afterwards })
        {
            Assert.Equal(("metadata", "turn.completed"), (turn[0].Type, turn[^1].Type));
            Assert.Contains(turn, e => e.Type == "token");
        }

        Assert.Equal(10, whileJudging[0].Json.GetProperty("scoreChange").GetInt32());
        var details = await harness.Client().GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", Token);
        Assert.Equal(["ask-bill", "greet"], details.GetProperty("objectivesCompleted").EnumerateArray().Select(o => o.GetProperty("id").GetString()).Order());
    }
}
