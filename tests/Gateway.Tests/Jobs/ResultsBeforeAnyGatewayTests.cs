using MassTransit;
using Platform.Contracts.Jobs;
using Platform.Gateway.Tests.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Platform.Gateway.Tests.Jobs;

/// <summary>On a broker of its own on which no Gateway has ever run, so none has declared the result queues.</summary>
public sealed class ResultsBeforeAnyGatewayTests(JobsPlatform platform) : IClassFixture<JobsPlatform>
{
    [Fact]
    public async Task A_summary_finished_before_any_Gateway_started_waits_in_the_Gateways_result_queue()
    {
        var conversation = Guid.NewGuid();
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(platform.RabbitMQ.ConnectionString)));
        await bus.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var jobs = await bus.GetSendEndpoint(new Uri($"queue:{JobQueues.SummarizeConversation}"));
            await jobs.Send(
                new SummarizeConversation(conversation, "en", null, [new JobMessage(1, "user", "I went to the market and bought apples.")], 1),
                TestContext.Current.CancellationToken);
        }
        finally
        {
            await bus.StopAsync(TestContext.Current.CancellationToken);
        }

        var factory = new ConnectionFactory { Uri = new Uri(platform.RabbitMQ.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken);
        var waiting = await Eventually.ReturnsAsync(() => WaitingAsync(connection, JobQueues.ConversationSummarized), count => count > 0, TimeSpan.FromSeconds(120));

        Assert.True(waiting == 1, $"{waiting} results wait in '{JobQueues.ConversationSummarized}'. {platform.LlmService.RecentOutput("llmservice", 40)}");
    }

    private static async Task<uint> WaitingAsync(IConnection connection, string queue)
    {
        // A missing queue closes the channel, so each look gets a fresh one.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, TestContext.Current.CancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return 0;
        }
    }
}
