using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.LlmService.Providers.Local;
using Platform.Testing;

namespace Platform.LlmService.Tests.Providers.Local;

/// <summary>The local provider on the real runtime and stories260K, outside any host.</summary>
internal static class LocalModels
{
    public static async Task<LocalProvider> LoadAsync(Action<LlmOptions>? configure = null)
    {
        var settings = new LlmOptions { ModelPath = RepositoryLayout.StoriesModel };
        configure?.Invoke(settings);
        var options = Options.Create(settings);
        var httpClients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var provider = new LocalProvider(options, new ModelFileResolver(options, httpClients, NullLogger<ModelFileResolver>.Instance), NullLoggerFactory.Instance);
        await provider.LoadAsync(TestContext.Current.CancellationToken);
        return provider;
    }
}
