using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing;

namespace Platform.Gateway.Tests.Jobs;

/// <summary>A real RabbitMQ and a real LlmService (llama.cpp with stories260K) consuming jobs from it, for the job tests.</summary>
public sealed class JobsPlatform : IAsyncLifetime
{
    public RabbitMQFixture RabbitMQ { get; } = new();

    public ServiceFixture LlmService { get; private set; } = null!;

    /// <summary>Gateway settings that turn background jobs on against this broker.</summary>
    public IReadOnlyDictionary<string, string?> GatewaySettings => new Dictionary<string, string?> { ["ConnectionStrings__messaging"] = RabbitMQ.ConnectionString };

    public async ValueTask InitializeAsync()
    {
        await RabbitMQ.InitializeAsync();
        LlmService = new ServiceFixture("LlmService", new Dictionary<string, string>
        {
            ["Llm__Provider"] = "local",
            ["Llm__ModelPath"] = RepositoryLayout.StoriesModel,
            ["ConnectionStrings__messaging"] = RabbitMQ.ConnectionString,

            // stories260K never stops early, so every job answer and repair runs to its limit: a short one keeps the error-queue tests to their retries' pace.
            ["Llm__DefaultMaxTokens"] = "128",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        });
        await LlmService.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (LlmService is not null)
        {
            await LlmService.DisposeAsync();
        }

        await RabbitMQ.DisposeAsync();
    }
}
