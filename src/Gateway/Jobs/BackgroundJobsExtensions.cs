using MassTransit;
using Platform.Contracts.Jobs;

namespace Platform.Gateway.Jobs;

public static class BackgroundJobsExtensions
{
    /// <summary>The connection string (an amqp URI) of the message broker; unset, no background jobs run.</summary>
    public const string ConnectionName = "messaging";

    /// <summary>Waits between redeliveries of a result that could not be stored before it goes to its <c>_error</c> queue.</summary>
    private static readonly TimeSpan[] RetryIntervals = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    /// <summary>
    /// Summarization, vocabulary and objective-judging jobs over RabbitMQ at <c>ConnectionStrings:messaging</c>: written to the outbox
    /// after each complete reply, sent by the outbox dispatcher, and their results stored and pushed to WebSockets.
    /// Without that connection string, turns run as before and no jobs are written.
    /// </summary>
    public static IHostApplicationBuilder AddBackgroundJobs(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<JobAnnouncements>();
        services.AddHostedService(provider => provider.GetRequiredService<JobAnnouncements>());
        var connection = builder.Configuration.GetConnectionString(ConnectionName);
        var enabled = !string.IsNullOrWhiteSpace(connection);
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton(provider => new JobScheduler(
            provider.GetRequiredService<OutboxDispatcher>(), provider.GetRequiredService<Npgsql.NpgsqlDataSource>(), enabled,
            provider.GetRequiredService<ILogger<JobScheduler>>()));
        if (!enabled)
        {
            services.AddHostedService<JobsOffNotice>();
            return builder;
        }

        if (!Uri.TryCreate(connection, UriKind.Absolute, out var broker) || broker.Scheme is not ("amqp" or "amqps"))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionName} is '{connection}'; it must be an amqp:// or amqps:// URI, e.g. amqp://guest:guest@localhost:5672/.");
        }

        services.AddHostedService(provider => provider.GetRequiredService<OutboxDispatcher>());
        services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddConsumer<ConversationSummarizedConsumer>().Endpoint(endpoint => endpoint.Name = JobQueues.ConversationSummarized);
            bus.AddConsumer<VocabularyExtractedConsumer>().Endpoint(endpoint => endpoint.Name = JobQueues.VocabularyExtracted);
            bus.AddConsumer<ObjectivesJudgedConsumer>().Endpoint(endpoint => endpoint.Name = JobQueues.ObjectivesJudged);
            bus.AddConfigureEndpointsCallback((_, _, endpoint) => endpoint.UseMessageRetry(retry => retry.Intervals(RetryIntervals)));
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
