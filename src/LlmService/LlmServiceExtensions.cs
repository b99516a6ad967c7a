using Microsoft.Extensions.Options;
using Platform.LlmService.Context;
using Platform.LlmService.Generation;
using Platform.LlmService.Providers;
using Platform.LlmService.Providers.Anthropic;
using Platform.LlmService.Providers.Local;
using Platform.LlmService.Providers.Ollama;
using Platform.LlmService.Providers.OpenAI;

namespace Platform.LlmService;

public static class LlmServiceExtensions
{
    /// <summary>
    /// The configured provider (<c>Llm:Provider</c>), its model made hot at start, the "model loaded and warm" health
    /// check, the context window every prompt is fitted to, and generation telemetry.
    /// </summary>
    public static TBuilder AddLlm<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<LlmOptions>(LlmOptions.SectionName);
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();
        var download = services.AddHttpClient(ModelFileResolver.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) });

        // The standard resilience handler suits API calls: its retries would keep an offline service from failing at
        // once with its instructions, and its timeouts are no measure of a download of hundreds of megabytes.
#pragma warning disable EXTEXP0001
        download.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddSingleton<ModelFileResolver>();
        services.AddSingleton<GenerationTelemetry>();
        services.AddSingleton<Generator>();
        services.AddSingleton<ILlmProvider>(provider => provider.GetRequiredService<IOptions<LlmOptions>>().Value.Provider switch
        {
            LlmProviderKind.Ollama => ActivatorUtilities.CreateInstance<OllamaProvider>(provider),
            LlmProviderKind.OpenAI => ActivatorUtilities.CreateInstance<OpenAIProvider>(provider),
            LlmProviderKind.Anthropic => ActivatorUtilities.CreateInstance<AnthropicProvider>(provider),
            _ => ActivatorUtilities.CreateInstance<LocalProvider>(provider),
        });
        services.AddContextWindow();
        services.AddOptions<HostOptions>().Configure<IOptions<LlmOptions>>((host, llm) => host.ShutdownTimeout = llm.Value.ShutdownTimeout);
        services.AddReadiness<ModelWarmUp>("model");
        return builder;
    }
}
