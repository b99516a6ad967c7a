using System.Text;
using Microsoft.Extensions.AI;
using Platform.Contracts.Jobs;

namespace Platform.LlmService.Jobs;

/// <summary>The prompt that turns older messages (and the summary before them) into one short running summary.</summary>
public static class SummaryPrompt
{
    public static IReadOnlyList<ChatMessage> For(string language, string? previousSummary, IEnumerable<JobMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var transcript = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(previousSummary))
        {
            transcript.Append("Summary so far:\n").Append(previousSummary.Trim()).Append("\n\n");
        }

        transcript.Append("Messages since then:\n");
        foreach (var message in messages)
        {
            transcript.Append(message.Role).Append(": ").Append(message.Content.Trim()).Append('\n');
        }

        return
        [
            new(ChatRole.System,
                $"You summarize a {language} lesson between a learner and a tutor. In at most 120 words, keep what a tutor " +
                "needs to continue: topics, facts the learner shared about themselves, mistakes corrected, open questions. " +
                "Answer with the summary only."),
            new(ChatRole.User, transcript.ToString()),
        ];
    }
}
