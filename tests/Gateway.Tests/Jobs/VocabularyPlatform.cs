using Platform.Testing;

namespace Platform.Gateway.Tests.Jobs;

/// <summary>A RabbitMQ of its own and a real LlmService whose OpenAI provider talks to a <see cref="VocabularyModelServer"/>.</summary>
public sealed class VocabularyPlatform : IAsyncLifetime
{
    private VocabularyModelServer? model;

    public RabbitMQFixture RabbitMQ { get; } = new();

    public ServiceFixture LlmService { get; private set; } = null!;

    public IReadOnlyDictionary<string, string?> GatewaySettings => new Dictionary<string, string?> { ["ConnectionStrings__messaging"] = RabbitMQ.ConnectionString };

    public async ValueTask InitializeAsync()
    {
        model = await VocabularyModelServer.StartAsync();
        await RabbitMQ.InitializeAsync();
        LlmService = new ServiceFixture("LlmService", new Dictionary<string, string>
        {
            ["Llm__Provider"] = "openai",
            ["Llm__BaseUrl"] = model.BaseUrl.ToString(),
            ["Llm__Model"] = "vocabulary-model",
            ["ConnectionStrings__messaging"] = RabbitMQ.ConnectionString,
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
        if (model is not null)
        {
            await model.DisposeAsync();
        }
    }
}
