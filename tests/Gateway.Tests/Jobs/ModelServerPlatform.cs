namespace Platform.Gateway.Tests.Jobs;

/// <summary>A RabbitMQ of its own and a real LlmService whose OpenAI provider talks to an <see cref="OpenAIModelServer"/> answering <paramref name="answer"/>.</summary>
public abstract class ModelServerPlatform(string answer) : LlmServicePlatform
{
    private OpenAIModelServer? model;

    public override async ValueTask InitializeAsync()
    {
        model = await OpenAIModelServer.StartAsync(answer);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (model is not null)
        {
            await model.DisposeAsync();
        }
    }

    protected override Dictionary<string, string> ProviderSettings() => new()
    {
        ["Llm__Provider"] = "openai",
        ["Llm__BaseUrl"] = model!.BaseUrl.ToString(),
        ["Llm__Model"] = "vocabulary-model",
    };
}
