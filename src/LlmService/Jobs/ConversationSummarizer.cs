using Platform.Contracts.Jobs;
using Platform.LlmService.Context;

namespace Platform.LlmService.Jobs;

/// <summary>
/// Summarizes a job's messages in as many steps as the model's context needs: each step folds as many of the next
/// messages as fit into the summary so far. A message too long to fit even alone is summarized by as much of its
/// beginning as fits.
/// </summary>
public sealed class ConversationSummarizer(BackgroundGeneration generation, ContextWindow window)
{
    /// <summary>The summary of the whole job, and how many generations it took.</summary>
    public async Task<(string Summary, int Steps)> SummarizeAsync(SummarizeConversation job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var summary = job.PreviousSummary;
        var steps = 0;
        for (var next = 0; next < job.Messages.Count; steps++)
        {
            var rest = job.Messages.Skip(next).ToList();
            var count = window.MostThatFit(rest.Count, n => SummaryPrompt.For(job.Language, summary, rest.Take(n)), generation.MaxReplyTokens);
            IEnumerable<JobMessage> step = rest.Take(count);
            if (count == 0)
            {
                step = [Beginning(job.Language, summary, rest[0])];
                count = 1;
            }

            summary = (await generation.GenerateAsync(SummaryPrompt.For(job.Language, summary, step), cancellationToken)).Trim();
            next += count;
        }

        return (summary ?? string.Empty, steps);
    }

    private JobMessage Beginning(string language, string? summary, JobMessage message)
    {
        var characters = window.MostThatFit(
            message.Content.Length,
            n => SummaryPrompt.For(language, summary, [message with { Content = message.Content[..n] }]),
            generation.MaxReplyTokens);
        return characters > 0
            ? message with { Content = message.Content[..characters] }
            : throw new InvalidOperationException($"The summary so far leaves no room in the model's context of {window.ContextTokens} tokens for any message.");
    }
}
