using Grpc.Core;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Platform.Contracts.Llm;
using Platform.LlmService.Context;
using Platform.LlmService.Providers;

namespace Platform.LlmService.Generation;

/// <summary>
/// Follows one provider stream and writes its gRPC events: Started before the first token (with the prompt size and
/// queue time when the provider tells them), then a Token for each piece of text; the first one is an event on the span.
/// </summary>
internal sealed class GenerationProgress(string model, Activity? span)
{
    private int tokenEvents;
    private int? reportedCompletionTokens;
    private bool started;

    public string Model { get; private set; } = model;

    public int PromptTokens { get; private set; }

    public int DroppedMessages { get; private set; }

    public double QueueMilliseconds { get; private set; }

    /// <summary>Prompt tokens the provider reused from the conversation's previous turn; null when it has no cache.</summary>
    public int? CachedTokens { get; private set; }

    public TimeSpan? TimeToFirstToken { get; private set; }

    public int CompletionTokens => reportedCompletionTokens ?? tokenEvents;

    public string FinishReason { get; private set; } = "stop";

    /// <summary>Fits the request's prompt to the context and gives its reply what remains; the span tells what was left out.</summary>
    public FittedPrompt Fit(ContextWindow window, GenerationRequest generation)
    {
        var prompt = window.Fit(generation.Messages, generation.Options.MaxOutputTokens ?? int.MaxValue);
        generation.Options.MaxOutputTokens = prompt.ReplyTokens;
        DroppedMessages = prompt.DroppedMessages;
        GenerationTelemetry.Fitted(span, prompt);
        return prompt;
    }

    public async Task ApplyAsync(ChatResponseUpdate update, IServerStreamWriter<GenerateEvent> writer, long received, CancellationToken cancellationToken)
    {
        if (!started && update.ModelId is { Length: > 0 } responseModel)
        {
            Model = responseModel;
        }

        if (update.AdditionalProperties?.TryGetValue(ChatRequestProperties.QueueMilliseconds, out var queue) == true && queue is double queueMs)
        {
            QueueMilliseconds = queueMs;
        }

        foreach (var content in update.Contents)
        {
            if (content is UsageContent usage)
            {
                PromptTokens = (int?)usage.Details.InputTokenCount ?? PromptTokens;
                CachedTokens = (int?)usage.Details.CachedInputTokenCount ?? CachedTokens;
                reportedCompletionTokens = (int?)usage.Details.OutputTokenCount ?? reportedCompletionTokens;
            }
        }

        await StartAsync(writer, cancellationToken);
        var text = update.Text;
        if (text.Length > 0)
        {
            if (TimeToFirstToken is null)
            {
                TimeToFirstToken = Stopwatch.GetElapsedTime(received);
                GenerationTelemetry.FirstToken(span, TimeToFirstToken.Value);
            }

            await writer.WriteAsync(new GenerateEvent { Token = new GenerateEvent.Types.Token { Text = text, Index = tokenEvents++ } }, cancellationToken);
        }

        if (update.FinishReason is { } reason)
        {
            FinishReason = reason == ChatFinishReason.Stop ? "stop"
                : reason == ChatFinishReason.Length ? "length"
                : reason == ChatFinishReason.ContentFilter ? "content_filter"
                : reason == ChatFinishReason.ToolCalls ? "tool_calls"
                : reason.Value.ToLower(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Sends Started once: on the provider's first update, or at the end for a stream that had none.</summary>
    public async Task StartAsync(IServerStreamWriter<GenerateEvent> writer, CancellationToken cancellationToken)
    {
        if (started)
        {
            return;
        }

        started = true;
        await writer.WriteAsync(new GenerateEvent
        {
            Started = new GenerateEvent.Types.Started { Model = Model, PromptTokens = PromptTokens, QueueMs = QueueMilliseconds, DroppedMessages = DroppedMessages, CachedTokens = CachedTokens ?? 0 },
        }, cancellationToken);
    }
}
