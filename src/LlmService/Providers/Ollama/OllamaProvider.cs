using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Platform.LlmService.Providers.Ollama;

/// <summary>A model served by Ollama, preloaded at start and kept loaded with <c>keep_alive</c>.</summary>
internal sealed class OllamaProvider : ILlmProvider, IDisposable
{
    public static readonly Uri DefaultBaseUrl = new("http://127.0.0.1:11434/");

    private readonly HttpClient http;
    private readonly OllamaChatClient client;

    public OllamaProvider(IOptions<LlmOptions> options)
    {
        var settings = options.Value;
        Model = settings.Model!;
        http = UpstreamHttp.CreateClient(WithTrailingSlash(settings.BaseUrl ?? DefaultBaseUrl));
        client = new OllamaChatClient(http, Model, settings.KeepAlive);
        Description = $"Ollama model {Model} at {http.BaseAddress}, kept loaded for {settings.KeepAlive} after each request";
    }

    public string Name => OllamaChatClient.ProviderName;

    public string Model { get; }

    public string Description { get; }

    public IChatClient ChatClient => client;

    public Task LoadAsync(CancellationToken cancellationToken) => client.PreloadAsync(cancellationToken);

    public bool Serves(string model) => true;

    public void Dispose() => http.Dispose();

    internal static Uri WithTrailingSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
