using Microsoft.Extensions.AI;

namespace Platform.LlmService.Providers;

/// <summary>
/// One source of generations. Generation itself goes through <see cref="IChatClient"/>, the ecosystem's standard
/// shape, so a package that implements it (OllamaSharp, Microsoft.Extensions.AI.OpenAI) can replace a provider's client.
/// </summary>
public interface ILlmProvider
{
    /// <summary>local, ollama, openai or anthropic.</summary>
    string Name { get; }

    /// <summary>The model this provider serves when a request names none.</summary>
    string Model { get; }

    /// <summary>What the model is, for the Models RPC and the start-up log; known after <see cref="LoadAsync"/>.</summary>
    string Description { get; }

    IChatClient ChatClient { get; }

    /// <summary>Makes the model hot: loads it (or asks the server to), so the first request is as fast as the rest.</summary>
    Task LoadAsync(CancellationToken cancellationToken);

    /// <summary>Whether a request that names <paramref name="model"/> can be served.</summary>
    bool Serves(string model);
}
