using Platform.Testing;

namespace Platform.Gateway.Tests.Jobs;

/// <summary>A RabbitMQ of its own and a real LlmService consuming jobs from it, on the provider a subclass gives.</summary>
public abstract class LlmServicePlatform : IAsyncLifetime
{
    public RabbitMQFixture RabbitMQ { get; } = new();

    public ServiceFixture LlmService { get; private set; } = null!;

    /// <summary>Gateway settings that turn background jobs on against this broker.</summary>
    public IReadOnlyDictionary<string, string?> GatewaySettings => new Dictionary<string, string?> { ["ConnectionStrings__messaging"] = RabbitMQ.ConnectionString };

    public virtual async ValueTask InitializeAsync()
    {
        await RabbitMQ.InitializeAsync();
        var settings = ProviderSettings();
        settings["ConnectionStrings__messaging"] = RabbitMQ.ConnectionString;
        settings["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        LlmService = new ServiceFixture("LlmService", settings);
        await LlmService.InitializeAsync();
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (LlmService is not null)
        {
            await LlmService.DisposeAsync();
        }

        await RabbitMQ.DisposeAsync();
    }

    /// <summary>The LlmService's <c>Llm__*</c> settings.</summary>
    protected abstract Dictionary<string, string> ProviderSettings();
}
