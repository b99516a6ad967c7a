using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Platform.LlmService.Jobs;

public static class JobsExtensions
{
    /// <summary>The connection string (an amqp URI) of the message broker; unset, this service runs no jobs.</summary>
    public const string ConnectionName = "messaging";

    /// <summary>Waits between redeliveries of a failed job before it goes to its <c>_error</c> queue.</summary>
    public static readonly TimeSpan[] RetryIntervals = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    /// <summary>
    /// Summarization and vocabulary jobs consumed from RabbitMQ at <c>ConnectionStrings:messaging</c>. Without that
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
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>The job consumers with kebab-case queues and redelivery at <paramref name="retryIntervals"/>; any transport.</summary>
    public static IBusRegistrationConfigurator AddJobConsumers(this IBusRegistrationConfigurator bus, params TimeSpan[] retryIntervals)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.TryAddSingleton<BackgroundGeneration>();
        bus.SetKebabCaseEndpointNameFormatter();
        bus.AddConsumer<SummarizeConversationConsumer>();
        bus.AddConsumer<ExtractVocabularyConsumer>();
        bus.AddConfigureEndpointsCallback((_, _, endpoint) => endpoint.UseMessageRetry(retry => retry.Intervals(retryIntervals)));
        return bus;
    }
}
