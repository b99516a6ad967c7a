using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Platform.LlmService.Generation;
using Platform.LlmService.Providers;
using Platform.LlmService.Scheduling;

namespace Platform.LlmService.Jobs;

/// <summary>
/// Runs a job's prompt through the same provider and scheduler as interactive turns, in the background lane, so a
/// job only gets the model when no person is waiting for it.
/// </summary>
public sealed class BackgroundGeneration(ILlmProvider provider, IOptions<LlmOptions> options)
{
    public async Task<string> GenerateAsync(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken)
    {
        using var span = GenerationTelemetry.StartSpan(provider.Name, provider.Model, GenerationPriority.Background);
        var chatOptions = new ChatOptions
        {
            ModelId = provider.Model,
            MaxOutputTokens = options.Value.DefaultMaxTokens,
            // Near-greedy: jobs want the model's most likely reading, not variety.
            Temperature = 0.2f,
            AdditionalProperties = new() { [ChatRequestProperties.Priority] = GenerationPriority.Background },
        };
        var text = new StringBuilder();
        await foreach (var update in provider.ChatClient.GetStreamingResponseAsync(messages, chatOptions, cancellationToken))
        {
            text.Append(update.Text);
        }

        return text.ToString();
    }
}
