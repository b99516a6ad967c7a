namespace Platform.LlmService.OpenAI;

/// <summary>A checked request, or the status, parameter and message of what is wrong with it.</summary>
public sealed record ChatCompletionCheck(ValidChatCompletion? Valid, int Status, string? Param, string? Message);
