using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Platform.LlmService.Context;
using Platform.LlmService.Generation;
using Platform.LlmService.Providers;
using Platform.LlmService.Scheduling;

namespace Platform.LlmService.Jobs;

/// <summary>
/// Runs a job's prompt through the same provider and scheduler as interactive turns, in the background lane, so a
/// job only gets the model when no person is waiting for it. Its prompt is fitted to the context like a person's.
/// </summary>
public sealed class BackgroundGeneration(ILlmProvider provider, ContextWindow window, IOptions<LlmOptions> options, IHostApplicationLifetime lifetime)
{
    /// <summary>The reply budget a job asks for.</summary>
    public int MaxReplyTokens => options.Value.DefaultMaxTokens;

    /// <summary>The job's text; stopping the service stops it too, and the unacknowledged job goes back to its queue.</summary>
    public async Task<string> GenerateAsync(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken)
    {
        using var jobOrStopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        using var span = GenerationTelemetry.StartSpan(provider.Name, provider.Model, GenerationPriority.Background);
        var prompt = window.Fit(messages, MaxReplyTokens);
        GenerationTelemetry.Fitted(span, prompt);
        var chatOptions = new ChatOptions
        {
            ModelId = provider.Model,
            MaxOutputTokens = prompt.ReplyTokens,
            // Near-greedy: jobs want the model's most likely reading, not variety.
            Temperature = 0.2f,
            AdditionalProperties = new() { [ChatRequestProperties.Priority] = GenerationPriority.Background },
        };
        var text = new StringBuilder();
        await foreach (var update in provider.ChatClient.GetStreamingResponseAsync(prompt.Messages, chatOptions, jobOrStopping.Token))
        {
            text.Append(update.Text);
        }

        return text.ToString();
    }
}
