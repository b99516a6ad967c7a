using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAIChatClient = OpenAI.Chat.ChatClient;

namespace Platform.LlmService.Providers.OpenAI;

/// <summary>A model behind an OpenAI-compatible API, addressed by <c>Llm:BaseUrl</c> (default: OpenAI itself).</summary>
internal sealed class OpenAIProvider : ILlmProvider, IDisposable
{
    private readonly HttpClient http = UpstreamHttp.CreateClient();

    public static readonly Uri DefaultBaseUrl = new("https://api.openai.com/v1");

    public OpenAIProvider(IOptions<LlmOptions> options)
    {
        var settings = options.Value;
        Model = settings.Model!;
        var endpoint = settings.BaseUrl ?? DefaultBaseUrl;
        // Servers such as vLLM or llama.cpp's need no key, but the SDK insists on one.
        var key = string.IsNullOrWhiteSpace(settings.ApiKey) ? "no-key" : settings.ApiKey;
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            NetworkTimeout = Timeout.InfiniteTimeSpan,
            // A retry here would hide upstream trouble behind a long first-token wait; callers decide about retries.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(http),
        };
        ChatClient = new FinishedStreamChatClient(
            new OpenAICompatibleChatClient(new OpenAIChatClient(Model, new ApiKeyCredential(key), clientOptions).AsIChatClient()),
            OpenAICompatibleChatClient.ProviderName,
            "the stream ended without a finish reason.");
        Description = $"OpenAI-compatible model {Model} at {endpoint}";
    }

    public string Name => OpenAICompatibleChatClient.ProviderName;

    public string Model { get; }

    public string Description { get; }

    public IChatClient ChatClient { get; }

    public Task LoadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public bool Serves(string model) => true;

    public void Dispose() => http.Dispose();
}
