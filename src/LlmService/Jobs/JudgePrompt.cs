using Microsoft.Extensions.AI;
using Platform.Contracts.Jobs;

namespace Platform.LlmService.Jobs;

/// <summary>The prompts that ask whether a learner's message completes role-play objectives, as JSON, and for a fix when the answer was not valid.</summary>
public static class JudgePrompt
{
    private const string Shape =
        "Answer with a JSON object only, no prose: {\"completed\": [\"objective id\", ...]} listing the ids of the objectives the message " +
        "completes. Use {\"completed\": []} when it completes none.";

    public static IReadOnlyList<ChatMessage> For(JudgeObjectives job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var objectives = string.Join("\n", job.Objectives.Select(o => $"- {o.Id}: {o.Description}"));
        return
        [
            new(ChatRole.System,
                $"You judge a language learner's message in a role-play with {job.Character}, in the language '{job.Language}'. " +
                $"Be strict: an objective counts only when the message itself clearly does it.\nObjectives:\n{objectives}\n{Shape}"),
            new(ChatRole.User, job.Message),
        ];
    }

    public static IReadOnlyList<ChatMessage> Repair(JudgeObjectives job, string invalidAnswer, string problem)
    {
        ArgumentNullException.ThrowIfNull(invalidAnswer);
        return
        [
            .. For(job),
            new(ChatRole.Assistant, invalidAnswer),
            new(ChatRole.User, $"That answer cannot be used: {problem} {Shape}"),
        ];
    }
}
