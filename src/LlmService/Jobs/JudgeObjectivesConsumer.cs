using MassTransit;
using Platform.Contracts.Jobs;

namespace Platform.LlmService.Jobs;

/// <summary>
/// Judges a learner's message against open role-play objectives in the background lane and publishes
/// <see cref="ObjectivesJudged"/>. An answer that is not a valid verdict gets one repair prompt; if that fails too the
/// consumer throws, so the bus retries the job and finally moves it to the error queue.
/// </summary>
public sealed class JudgeObjectivesConsumer(BackgroundGeneration generation, ILogger<JudgeObjectivesConsumer> logger)
    : IConsumer<JudgeObjectives>
{
    public async Task Consume(ConsumeContext<JudgeObjectives> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var span = JobTelemetry.StartJob(context, "judge-objectives");
        var job = context.Message;
        var answer = await generation.GenerateAsync(JudgePrompt.For(job), context.CancellationToken);
        var completed = VerdictParser.TryParse(answer, job.Objectives, out var problem);
        if (completed is null)
        {
            logger.LogWarning("Objective verdict for turn {TurnId} was invalid ({Problem}); asking for a repair", job.TurnId, problem);
            var repaired = await generation.GenerateAsync(JudgePrompt.Repair(job, answer, problem), context.CancellationToken);
            completed = VerdictParser.TryParse(repaired, job.Objectives, out problem)
                ?? throw new InvalidVerdictException($"The objective verdict for turn {job.TurnId} was invalid after a repair prompt: {problem}");
        }

        span?.SetTag("job.objectives_completed", completed.Count);
        await context.Publish(new ObjectivesJudged(job.ConversationId, job.TurnId, completed), context.CancellationToken);
    }
}
