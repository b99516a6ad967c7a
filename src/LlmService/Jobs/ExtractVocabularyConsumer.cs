using MassTransit;
using Platform.Contracts.Jobs;

namespace Platform.LlmService.Jobs;

/// <summary>
/// Extracts a reply's vocabulary in the background lane and publishes <see cref="VocabularyExtracted"/>. An answer
/// that is not valid JSON gets one repair prompt; if that fails too the consumer throws, so the bus retries the job
/// and finally moves it to the error queue.
/// </summary>
public sealed class ExtractVocabularyConsumer(BackgroundGeneration generation, ILogger<ExtractVocabularyConsumer> logger)
    : IConsumer<ExtractVocabulary>
{
    public async Task Consume(ConsumeContext<ExtractVocabulary> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var span = JobTelemetry.StartJob(context, "extract-vocabulary");
        var job = context.Message;
        var answer = await generation.GenerateAsync(VocabularyPrompt.For(job), context.CancellationToken);
        var terms = VocabularyParser.TryParse(answer, out var problem);
        if (terms is null)
        {
            logger.LogWarning("Vocabulary answer for turn {TurnId} was invalid ({Problem}); asking for a repair", job.TurnId, problem);
            var repaired = await generation.GenerateAsync(VocabularyPrompt.Repair(job, answer, problem), context.CancellationToken);
            terms = VocabularyParser.TryParse(repaired, out problem)
                ?? throw new InvalidVocabularyException($"Vocabulary for turn {job.TurnId} was invalid after a repair prompt: {problem}");
        }

        await context.Publish(new VocabularyExtracted(job.ConversationId, job.TurnId, terms), context.CancellationToken);
    }
}
