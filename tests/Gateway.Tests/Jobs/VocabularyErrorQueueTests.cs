using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing.SyntheticLlm;
using RabbitMQ.Client;

namespace Platform.Gateway.Tests.Jobs;

/// <summary>On a platform of its own, so the jobs other tests leave retrying do not queue ahead of this one.</summary>
// Each waits minutes for stories260K to fail a job on every delivery; run side by side on two cores they starve each other.
[Collection("Stories260K job error queues")]
public sealed class VocabularyErrorQueueTests(GatewayEnvironment environment, JobsPlatform platform) : IClassFixture<JobsPlatform>
{
    [Fact]
    public async Task Stories260K_vocabulary_gets_a_repair_prompt_then_lands_in_the_error_queue_without_crashing_LlmService()
    {
        await using var harness = await GatewayHarness.StartAsync(
            environment, new SyntheticLlmBehaviour { Tokens = 4, TokenInterval = TimeSpan.Zero }, settings: platform.GatewaySettings);
        var conversation = await harness.CreateConversationAsync();
        var llmService = platform.LlmService.ProcessId;

        await foreach (var _ in harness.StreamTurnAsync(conversation, "What did you do today?"))
        {
        }

        var factory = new ConnectionFactory { Uri = new Uri(platform.RabbitMQ.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken);
        var fault = await Eventually.ReturnsAsync(
            async () => await ErrorQueue.FaultAsync(connection, "extract-vocabulary_error", conversation),
            found => found is not null,
            TimeSpan.FromSeconds(120));

        Assert.NotNull(fault);
        Assert.Contains("after a repair prompt", fault, StringComparison.Ordinal);
        Assert.Equal(llmService, platform.LlmService.ProcessId);
    }
}
