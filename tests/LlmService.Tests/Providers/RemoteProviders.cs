using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Platform.LlmService.Providers;
using Platform.LlmService.Providers.Anthropic;
using Platform.LlmService.Providers.Ollama;
using Platform.LlmService.Providers.OpenAI;

namespace Platform.LlmService.Tests.Providers;

/// <summary>Each remote provider as the service builds it, pointed at a fake server.</summary>
public static class RemoteProviders
{
    public static readonly TheoryData<string> Names = ["ollama", "openai", "anthropic"];

    public static ILlmProvider Create(string name, Uri server)
    {
        var settings = new LlmOptions { Model = "test-model", ApiKey = "test-key", DefaultMaxTokens = 64 };
        switch (name)
        {
            case "ollama":
                settings.Provider = LlmProviderKind.Ollama;
                settings.BaseUrl = server;
                return new OllamaProvider(Options.Create(settings));
            case "openai":
                settings.Provider = LlmProviderKind.OpenAI;
                settings.BaseUrl = new Uri(server, "v1");
                return new OpenAIProvider(Options.Create(settings));
            case "anthropic":
                settings.Provider = LlmProviderKind.Anthropic;
                settings.BaseUrl = server;
                return new AnthropicProvider(Options.Create(settings));
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
    }

    public static IChatClient Client(string name, Uri server) => Create(name, server).ChatClient;
}
