namespace Platform.LlmService;

public enum LlmProviderKind
{
    Local,
    Ollama,
    OpenAI,
    Anthropic,
}
