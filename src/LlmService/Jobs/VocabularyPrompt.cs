using Microsoft.Extensions.AI;
using Platform.Contracts.Jobs;

namespace Platform.LlmService.Jobs;

/// <summary>The prompts that ask for a reply's vocabulary as JSON, and for a fix when the answer was not valid.</summary>
public static class VocabularyPrompt
{
    private const string Shape =
        "Answer with a JSON array only, no prose: [{\"term\": \"as written in the text\", \"lemma\": \"dictionary form\", " +
        "\"partOfSpeech\": \"noun|verb|adjective|adverb|phrase|...\", \"definition\": \"short translation or definition in English\", " +
        "\"example\": \"a short sentence using it\", \"cefrLevel\": \"A1|A2|B1|B2|C1|C2\"}]. Use [] when there is nothing worth learning.";

    public static IReadOnlyList<ChatMessage> For(ExtractVocabulary job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return
        [
            new(ChatRole.System,
                $"You pick the words and phrases a {job.Level} learner of {job.Language} should learn from a tutor's reply: " +
                $"at most 8, at or slightly above {job.Level}, skipping the most common words. {Shape}"),
            new(ChatRole.User, job.Text),
        ];
    }

    public static IReadOnlyList<ChatMessage> Repair(ExtractVocabulary job, string invalidAnswer, string problem)
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
