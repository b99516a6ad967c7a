using Platform.Contracts.Llm;

namespace Platform.LlmService.OpenAI;

/// <summary>What a checked chat-completion request asks for, in the model service's terms.</summary>
public sealed record ValidChatCompletion(ChatCompletionRequest Request, IReadOnlyList<ChatMessage> Prompt, int MaxTokens, string[] Stops);
