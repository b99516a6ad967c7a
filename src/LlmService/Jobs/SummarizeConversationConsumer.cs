using MassTransit;
using Platform.Contracts.Jobs;

namespace Platform.LlmService.Jobs;

/// <summary>Summarizes older messages in the background lane and publishes <see cref="ConversationSummarized"/>.</summary>
public sealed class SummarizeConversationConsumer(ConversationSummarizer summarizer, ILogger<SummarizeConversationConsumer> logger)
    : IConsumer<SummarizeConversation>
{
    public async Task Consume(ConsumeContext<SummarizeConversation> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var span = JobTelemetry.StartJob(context, "summarize");
        var job = context.Message;
        var (summary, steps) = await summarizer.SummarizeAsync(job, context.CancellationToken);
        if (summary.Length == 0)
        {
            throw new InvalidOperationException($"The model answered an empty summary for conversation {job.ConversationId}.");
        }

        span?.SetTag("job.summary_steps", steps);
        logger.LogInformation("Summarized conversation {ConversationId} through position {ThroughPosition} ({Messages} messages) in {Steps} steps and {Length} characters",
            job.ConversationId, job.ThroughPosition, job.Messages.Count, steps, summary.Length);
        await context.Publish(new ConversationSummarized(job.ConversationId, summary, job.ThroughPosition), context.CancellationToken);
    }
}
