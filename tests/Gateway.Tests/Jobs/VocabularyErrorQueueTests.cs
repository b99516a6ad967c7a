using System.Text;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing.SyntheticLlm;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Platform.Gateway.Tests.Jobs;

/// <summary>On a platform of its own, so the jobs other tests leave retrying do not queue ahead of this one.</summary>
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
            async () => await FaultInErrorQueueAsync(connection, conversation),
            found => found is not null,
            TimeSpan.FromSeconds(120));

        Assert.NotNull(fault);
        Assert.Contains("after a repair prompt", fault, StringComparison.Ordinal);
        Assert.Equal(llmService, platform.LlmService.ProcessId);
    }

    /// <summary>The fault MassTransit recorded on the conversation's job in the error queue, or null while it is not there.</summary>
    private static async Task<string?> FaultInErrorQueueAsync(IConnection connection, Guid conversation)
    {
        // A missing queue closes the channel, so each look gets a fresh one.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            while (await channel.BasicGetAsync("extract-vocabulary_error", autoAck: true, TestContext.Current.CancellationToken) is { } message)
            {
                if (Encoding.UTF8.GetString(message.Body.Span).Contains(conversation.ToString(), StringComparison.Ordinal))
                {
                    object? fault = null;
                    message.BasicProperties.Headers?.TryGetValue("MT-Fault-Message", out fault);
                    return fault switch
                    {
                        byte[] text => Encoding.UTF8.GetString(text),
                        { } other => other.ToString() ?? string.Empty,
                        null => string.Empty,
                    };
                }
            }
        }
        catch (OperationInterruptedException)
        {
            // The error queue is declared with the first fault; until then it does not exist.
        }

        return null;
    }
}
