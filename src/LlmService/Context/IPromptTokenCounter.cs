using Microsoft.Extensions.AI;

namespace Platform.LlmService.Context;

/// <summary>How big a prompt is for the model that will read it, and how much the model can read per request.</summary>
public interface IPromptTokenCounter
{
    /// <summary>Tokens one request may hold: its prompt and its reply together.</summary>
    int ContextTokens { get; }

    /// <summary>True when <see cref="CountPromptTokens"/> is the model's own count; false for an estimate.</summary>
    bool IsExact { get; }

    /// <summary>The tokens of <paramref name="messages"/> as the model's prompt, formatting included.</summary>
    int CountPromptTokens(IReadOnlyList<ChatMessage> messages);
}
