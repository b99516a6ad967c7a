using Platform.Contracts.Llm;

namespace Platform.LlmService.Tests.Generation;

/// <summary>Generate requests the tests send.</summary>
public static class Requests
{
    public const string StoryStart = "Once upon a time";

    /// <summary>The start of the greedy completion of "Once upon a time" (../shared/models/README.md).</summary>
    public const string StoryContinuation = ", there was a little girl named Lily.";

    public static GenerateRequest User(string content, int maxTokens = 0, bool greedy = false, Priority priority = Priority.Interactive, uint seed = 0) => new()
    {
        Messages = { new ChatMessage { Role = Role.User, Content = content } },
        Options = new GenerationOptions { MaxTokens = maxTokens, Greedy = greedy, Seed = seed },
        Priority = priority,
    };
}
