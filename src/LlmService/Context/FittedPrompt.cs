using Microsoft.Extensions.AI;

namespace Platform.LlmService.Context;

/// <summary>A prompt that fits the model's context: its messages, how many of the oldest were left out, its size and the reply's budget.</summary>
public sealed record FittedPrompt(IReadOnlyList<ChatMessage> Messages, int DroppedMessages, int PromptTokens, int ReplyTokens);
