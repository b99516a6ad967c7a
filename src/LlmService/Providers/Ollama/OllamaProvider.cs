using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OllamaSharp;
using OllamaSharp.Models.Chat;

namespace Platform.LlmService.Providers.Ollama;

/// <summary>
/// A model served by Ollama through OllamaSharp's <see cref="OllamaApiClient"/>, preloaded at start and kept loaded:
/// every request carries <c>keep_alive</c>.
/// </summary>
internal sealed class OllamaProvider : ILlmProvider, IDisposable
{
    public const string ProviderName = "ollama";

    public static readonly Uri DefaultBaseUrl = new("http://127.0.0.1:11434/");

    private readonly HttpClient http;
    private readonly OllamaApiClient ollama;
    private readonly string keepAlive;

    public OllamaProvider(IOptions<LlmOptions> options)
    {
        var settings = options.Value;
        Model = settings.Model!;
        keepAlive = settings.KeepAlive;
        http = UpstreamHttp.CreateClient(WithTrailingSlash(settings.BaseUrl ?? DefaultBaseUrl), new OllamaErrorHandler());
        ollama = new OllamaApiClient(http, Model);
        ChatClient = new ChatClientBuilder(ollama)
            .ConfigureOptions(chat => chat.RawRepresentationFactory ??= _ => new ChatRequest { KeepAlive = keepAlive })
            .Use(inner => new FinishedStreamChatClient(inner, ProviderName, "the stream ended before its final (done) line."))
            .Build();
        Description = $"Ollama model {Model} at {http.BaseAddress}, kept loaded for {settings.KeepAlive} after each request";
    }

    public string Name => ProviderName;

    public string Model { get; }

    public string Description { get; }

    public IChatClient ChatClient { get; }

    /// <summary>Loads the model and keeps it loaded: Ollama's documented preload is a chat request without messages.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var preload = new ChatRequest { Model = Model, Messages = [], Stream = false, KeepAlive = keepAlive };
        await foreach (var _ in ollama.ChatAsync(preload, cancellationToken))
        {
        }
    }

    public bool Serves(string model) => true;

    public void Dispose()
    {
        ollama.Dispose();
        http.Dispose();
    }

    internal static Uri WithTrailingSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
