using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Platform.Contracts.Llm;
using Platform.LlmService.Context;
using Platform.LlmService.Providers;
using Platform.ServiceDefaults.Readiness;

namespace Platform.LlmService.Generation;

/// <summary>
/// One interactive generation, whoever asked for it (the Generate RPC or the OpenAI-compatible endpoint): the request
/// checked, the prompt fitted to the model's context (<see cref="ContextWindow"/>), then Started, a Token per piece of
/// text as the provider yields it and Completed written to <paramref name="writer"/>. Failures are the gRPC status a
/// caller can act on; a caller that leaves, or the service stopping, stops the provider's work.
/// </summary>
public sealed class Generator(ILlmProvider provider, ServiceReadiness readiness, GenerationTelemetry telemetry, ContextWindow window, IOptions<LlmOptions> options, IHostApplicationLifetime lifetime)
{
    public string Provider => provider.Name;

    public async Task RunAsync(GenerateRequest request, IServerStreamWriter<GenerateEvent> writer, Activity? span, CancellationToken callCancelled, CancellationToken callerLeft)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(writer);
        var received = Stopwatch.GetTimestamp();
        var generation = GenerationRequest.From(request, options.Value, provider);
        if (!readiness.IsReady)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"Model {provider.Model} is {readiness.Current.Phase}; /health turns ready when it is warm."));
        }

        GenerationTelemetry.Describe(span, provider.Name, generation.Model, generation.Priority);
        var progress = new GenerationProgress(generation.Model, span);

        // Stopping the service stops its generations at once, so an open stream never holds the process past its grace.
        using var callOrStopping = CancellationTokenSource.CreateLinkedTokenSource(callCancelled, lifetime.ApplicationStopping);
        try
        {
            var prompt = progress.Fit(window, generation);
            await foreach (var update in provider.ChatClient.GetStreamingResponseAsync(prompt.Messages, generation.Options, callOrStopping.Token))
            {
                await progress.ApplyAsync(update, writer, received, callOrStopping.Token);
            }
        }
        catch (Exception ex) when (lifetime.ApplicationStopping.IsCancellationRequested && !callCancelled.IsCancellationRequested
            && ex is OperationCanceledException or GenerationRejectedException)
        {
            GenerationTelemetry.Cancelled(span);
            Describe(span, progress);
            throw new RpcException(new Status(StatusCode.Unavailable, "LlmService is shutting down; retry, another instance or its restart will answer."));
        }
        catch (Exception ex) when (callerLeft.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // The caller left and a write to its stream failed before the cancellation reached the generation.
            GenerationTelemetry.Cancelled(span);
            Describe(span, progress);
            throw;
        }
        catch (Exception ex) when (GenerationFailure.ToRpcException(ex, provider.Name) is { } failure)
        {
            span?.SetStatus(ActivityStatusCode.Error, failure.Status.Detail);
            Describe(span, progress);
            throw failure;
        }
        catch (OperationCanceledException)
        {
            GenerationTelemetry.Cancelled(span);
            Describe(span, progress);
            throw;
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            Describe(span, progress);
            throw;
        }

        await progress.StartAsync(writer, callCancelled);
        var total = Stopwatch.GetElapsedTime(received);
        await writer.WriteAsync(new GenerateEvent
        {
            Completed = new GenerateEvent.Types.Completed
            {
                FinishReason = progress.FinishReason,
                CompletionTokens = progress.CompletionTokens,
                PromptTokens = progress.PromptTokens,
                TtftMs = progress.TimeToFirstToken?.TotalMilliseconds ?? 0,
                TotalMs = total.TotalMilliseconds,
            },
        }, callCancelled);

        Record(span, generation, progress, total);
        span?.SetTag("llm.finish_reason", progress.FinishReason);
        Describe(span, progress);
    }

    private void Record(Activity? span, GenerationRequest generation, GenerationProgress progress, TimeSpan total)
    {
        telemetry.RecordQueueTime(progress.QueueMilliseconds, provider.Name, generation.Model, generation.Priority);
        telemetry.RecordPromptCache(span, generation.CacheKey is null ? null : progress.CachedTokens, provider.Name, generation.Model, generation.Priority);
        if (progress.TimeToFirstToken is { } firstToken)
        {
            telemetry.RecordFirstToken(firstToken.TotalMilliseconds, provider.Name, generation.Model, generation.Priority);
            var decoding = (total - firstToken).TotalSeconds;
            if (progress.CompletionTokens > 1 && decoding > 0)
            {
                var rate = (progress.CompletionTokens - 1) / decoding;
                telemetry.RecordRate(rate, provider.Name, generation.Model, generation.Priority);
                span?.SetTag("platform.tokens_per_second", rate);
            }
        }
    }

    private static void Describe(Activity? span, GenerationProgress progress)
    {
        if (span is not { IsAllDataRequested: true })
        {
            return;
        }

        span.SetTag("gen_ai.response.model", progress.Model);
        span.SetTag("gen_ai.usage.input_tokens", progress.PromptTokens);
        span.SetTag("gen_ai.usage.output_tokens", progress.CompletionTokens);
        span.SetTag("platform.queue_ms", progress.QueueMilliseconds);
        if (progress.TimeToFirstToken is { } firstToken)
        {
            span.SetTag("platform.ttft_ms", firstToken.TotalMilliseconds);
        }
    }
}
