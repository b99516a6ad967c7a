namespace Platform.Contracts.Jobs;

/// <summary>
/// The durable queues of the job protocol. Each side declares the queues it sends or publishes into as well as the
/// ones it consumes, so a message sent before its consumer ever started waits in its queue instead of being dropped.
/// </summary>
public static class JobQueues
{
    public const string SummarizeConversation = "summarize-conversation";
    public const string ExtractVocabulary = "extract-vocabulary";
    public const string ConversationSummarized = "conversation-summarized";
    public const string VocabularyExtracted = "vocabulary-extracted";
    public const string JudgeObjectives = "judge-objectives";
    public const string ObjectivesJudged = "objectives-judged";
}
