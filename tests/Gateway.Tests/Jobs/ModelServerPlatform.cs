using Platform.Testing;

namespace Platform.Gateway.Tests.Jobs;

/// <summary>A RabbitMQ of its own and a real LlmService whose OpenAI provider talks to an <see cref="OpenAIModelServer"/> answering <paramref name="answer"/>.</summary>
public abstract class ModelServerPlatform(string answer) : IAsyncLifetime
{
    private OpenAIModelServer? model;

    public RabbitMQFixture RabbitMQ { get; } = new();

    public ServiceFixture LlmService { get; private set; } = null!;

    public IReadOnlyDictionary<string, string?> GatewaySettings => new Dictionary<string, string?> { ["ConnectionStrings__messaging"] = RabbitMQ.ConnectionString };

    public async ValueTask InitializeAsync()
    {
        model = await OpenAIModelServer.StartAsync(answer);
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
