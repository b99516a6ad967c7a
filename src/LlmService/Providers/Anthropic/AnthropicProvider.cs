using Anthropic;
using Anthropic.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Platform.LlmService.Providers.Anthropic;

/// <summary>A Claude model through the official Anthropic SDK, whose own <see cref="IChatClient"/> streams the Messages API.</summary>
internal sealed class AnthropicProvider : ILlmProvider, IDisposable
{
    private readonly HttpClient http = UpstreamHttp.CreateClient();
    private readonly AnthropicClient client;

    public AnthropicProvider(IOptions<LlmOptions> options)
    {
        var settings = options.Value;
        Model = settings.Model!;
        var clientOptions = new ClientOptions { ApiKey = settings.ApiKey, MaxRetries = 0, HttpClient = http };
        if (settings.BaseUrl is { } baseUrl)
        {
            clientOptions = clientOptions with { BaseUrl = baseUrl.AbsoluteUri.TrimEnd('/') };
        }

        client = new AnthropicClient(clientOptions);
        ChatClient = new AnthropicSamplingChatClient(client.AsIChatClient(Model, settings.DefaultMaxTokens), Model, settings.DefaultMaxTokens);
        Description = $"Anthropic model {Model} at {client.BaseUrl}";
    }

    public string Name => "anthropic";

    public string Model { get; }

    public string Description { get; }

    public IChatClient ChatClient { get; }

    public Task LoadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public bool Serves(string model) => true;

    public void Dispose()
    {
        ChatClient.Dispose();
        client.Dispose();
        http.Dispose();
    }
}
