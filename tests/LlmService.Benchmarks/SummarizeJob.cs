using Platform.Contracts.Jobs;

namespace Platform.LlmService.Benchmarks;

/// <summary>Summarization jobs shaped like the Gateway's: a conversation's older turns of a language lesson.</summary>
internal static class SummarizeJob
{
    private static readonly string[] Lines =
    [
        "I would like to practise ordering food in a restaurant.",
        "Of course. Imagine you are in a small cafe in Madrid. What would you like to order?",
        "I would like a coffee with milk and a piece of cake, please.",
        "Very good. The waiter asks whether you want to sit inside or outside. What do you say?",
        "Outside, please, because the weather is nice today.",
        "Excellent. Now ask the waiter for the bill.",
        "Could you bring me the bill, please?",
        "Perfect. Your sentences are clear and polite.",
    ];

    public static SummarizeConversation Next()
    {
        var messages = Lines.Select((line, i) => new JobMessage(i + 1, i % 2 == 0 ? "user" : "assistant", line)).ToList();
        return new SummarizeConversation(Guid.NewGuid(), "en", null, messages, messages[^1].Position);
    }
}
