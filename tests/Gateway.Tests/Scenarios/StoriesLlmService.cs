using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing;

namespace Platform.Gateway.Tests.Scenarios;

/// <summary>One real LlmService (llama.cpp with stories260K) shared by a test class's Gateways.</summary>
public sealed class StoriesLlmService : IAsyncLifetime
{
    public ServiceFixture Service { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Service = await RealLlmService.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }
    }
}
