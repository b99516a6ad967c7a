using MassTransit;
using Platform.Contracts.Jobs;

namespace Platform.LlmService.Jobs;

/// <summary>Summarizes older messages in the background lane and publishes <see cref="ConversationSummarized"/>.</summary>
public sealed class SummarizeConversationConsumer(BackgroundGeneration generation, ILogger<SummarizeConversationConsumer> logger)
    : IConsumer<SummarizeConversation>
{
    public async Task Consume(ConsumeContext<SummarizeConversation> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var span = JobTelemetry.StartJob(context, "summarize");
        var job = context.Message;
        var summary = (await generation.GenerateAsync(SummaryPrompt.For(job), context.CancellationToken)).Trim();
        if (summary.Length == 0)
        {
            throw new InvalidOperationException($"The model answered an empty summary for conversation {job.ConversationId}.");
        }

        logger.LogInformation("Summarized conversation {ConversationId} through position {ThroughPosition} in {Length} characters",
            job.ConversationId, job.ThroughPosition, summary.Length);
        await context.Publish(new ConversationSummarized(job.ConversationId, summary, job.ThroughPosition), context.CancellationToken);
    }
}
