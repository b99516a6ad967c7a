using Microsoft.Extensions.AI;
using Platform.ServiceDefaults.Readiness;

namespace Platform.LlmService.Providers;

/// <summary>Makes the model hot at start: the provider loads it, then one short generation runs through it.</summary>
internal sealed class ModelWarmUp(ILlmProvider provider) : IWarmUpStep
{
    private static readonly ChatMessage[] WarmUpPrompt = [new(ChatRole.User, "Once upon a time")];

    public string Subject => $"Model {provider.Model} ({provider.Name})";

    public Task LoadAsync(CancellationToken cancellationToken) => provider.LoadAsync(cancellationToken);

    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var options = new ChatOptions { MaxOutputTokens = 4, Temperature = 0 };
        await foreach (var _ in provider.ChatClient.GetStreamingResponseAsync(WarmUpPrompt, options, cancellationToken))
        {
        }
    }

    public void Describe(IDictionary<string, object> data)
    {
        data["provider"] = provider.Name;
        data["model"] = provider.Model;
    }
}
