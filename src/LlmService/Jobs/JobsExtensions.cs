using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Contracts.Jobs;

namespace Platform.LlmService.Jobs;

public static class JobsExtensions
{
    /// <summary>The connection string (an amqp URI) of the message broker; unset, this service runs no jobs.</summary>
    public const string ConnectionName = "messaging";

    /// <summary>Waits between redeliveries of a failed job before it goes to its <c>_error</c> queue.</summary>
    public static readonly TimeSpan[] RetryIntervals = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    /// <summary>
    /// Summarization, vocabulary and objective-judging jobs consumed from RabbitMQ at <c>ConnectionStrings:messaging</c>. Without that
    /// connection string no bus starts, so the service serves interactive generations alone.
    /// </summary>
    public static TBuilder AddJobs<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Configuration.GetConnectionString(ConnectionName) is not { Length: > 0 } connection)
        {
            return builder;
        }

        if (!Uri.TryCreate(connection, UriKind.Absolute, out var broker) || broker.Scheme is not ("amqp" or "amqps"))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionName} is '{connection}'; it must be an amqp:// or amqps:// URI, e.g. amqp://guest:guest@localhost:5672/.");
        }

        builder.Services.AddMassTransit(bus =>
        {
            bus.AddJobConsumers(RetryIntervals);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker);
                KeepResultsIn<ConversationSummarized>(rabbit, JobQueues.ConversationSummarized);
                KeepResultsIn<VocabularyExtracted>(rabbit, JobQueues.VocabularyExtracted);
                KeepResultsIn<ObjectivesJudged>(rabbit, JobQueues.ObjectivesJudged);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>
    /// Binds the Gateway's durable result queue straight to the result's exchange on the first publish, so a result
    /// waits there even when no Gateway has declared its queue yet. RabbitMQ puts a message in a queue once, however
    /// many of its bindings match, so the Gateway's own binding adds no second copy.
    /// </summary>
    private static void KeepResultsIn<T>(IRabbitMqBusFactoryConfigurator rabbit, string queue)
        where T : class
    {
        var exchange = rabbit.MessageTopology.GetMessageTopology<T>().EntityName;
        rabbit.Publish<T>(topology => topology.BindQueue(exchange, queue));
    }

    /// <summary>The job consumers with kebab-case queues and redelivery at <paramref name="retryIntervals"/>; any transport.</summary>
    public static IBusRegistrationConfigurator AddJobConsumers(this IBusRegistrationConfigurator bus, params TimeSpan[] retryIntervals)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.TryAddSingleton<BackgroundGeneration>();
        bus.TryAddSingleton<ConversationSummarizer>();
        bus.SetKebabCaseEndpointNameFormatter();
        bus.AddConsumer<SummarizeConversationConsumer>().Endpoint(endpoint => endpoint.Name = JobQueues.SummarizeConversation);
        bus.AddConsumer<ExtractVocabularyConsumer>().Endpoint(endpoint => endpoint.Name = JobQueues.ExtractVocabulary);
        bus.AddConsumer<JudgeObjectivesConsumer>().Endpoint(endpoint => endpoint.Name = JobQueues.JudgeObjectives);
        bus.AddConfigureEndpointsCallback((_, _, endpoint) => endpoint.UseMessageRetry(retry => retry.Intervals(retryIntervals)));
        return bus;
    }
}
