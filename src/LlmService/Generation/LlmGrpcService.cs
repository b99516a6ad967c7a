using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Platform.Contracts.Llm;
using Platform.LlmService.Context;
using Platform.LlmService.Providers;
using Grpc.Core;
using Platform.ServiceDefaults.Readiness;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.LlmService.Generation;

/// <summary>
/// The Llm service of <c>llm.proto</c>. Generate streams Started, one Token per piece of text as the provider yields
/// it (each flushed at once), then Completed; a caller that cancels or passes its deadline stops the provider's work.
/// The prompt is first fitted to the model's context (<see cref="ContextWindow"/>).
/// </summary>
public sealed class LlmGrpcService(ILlmProvider provider, ServiceReadiness readiness, GenerationTelemetry telemetry, ContextWindow window, IOptions<LlmOptions> options)
    : Llm.LlmBase
{
    public override async Task Generate(GenerateRequest request, IServerStreamWriter<GenerateEvent> writer, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(context);
        var received = Stopwatch.GetTimestamp();
        var generation = GenerationRequest.From(request, options.Value, provider);
        if (!readiness.IsReady)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"Model {provider.Model} is {readiness.Current.Phase}; /health turns ready when it is warm."));
        }

        var span = context.Span;
        GenerationTelemetry.Describe(span, provider.Name, generation.Model, generation.Priority);
        var progress = new GenerationProgress(generation.Model, span);

        // The call's token also fires when the service stops (StoppingInterceptor), so no stream holds the process past its grace.
        try
        {
            var prompt = progress.Fit(window, generation);
            await foreach (var update in provider.ChatClient.GetStreamingResponseAsync(prompt.Messages, generation.Options, context.CancellationToken))
            {
                await progress.ApplyAsync(update, writer, received, context.CancellationToken);
            }
        }
        catch (Exception ex) when (context.GetHttpContext().RequestAborted.IsCancellationRequested && ex is not OperationCanceledException)
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

        await progress.StartAsync(writer, context.CancellationToken);
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
        }, context.CancellationToken);

        Record(span, generation, progress, total);
        span?.SetTag("llm.finish_reason", progress.FinishReason);
        Describe(span, progress);
    }

    public override Task<ModelsReply> Models(ModelsRequest request, ServerCallContext context)
    {
        var state = readiness.Current;
        var info = new ModelInfo
        {
            Id = provider.Model,
            Provider = provider.Name,
            State = state.Phase switch
            {
                ReadinessPhase.Loading => "loading",
                ReadinessPhase.WarmingUp => "warming_up",
                ReadinessPhase.Ready => "ready",
                _ => "failed",
            },
            LoadMs = state.Load?.TotalMilliseconds ?? 0,
            WarmupMs = state.WarmUp?.TotalMilliseconds ?? 0,
            Description = state.Phase == ReadinessPhase.Failed ? $"{provider.Description}; failed: {state.Failure}" : provider.Description,
        };
        return Task.FromResult(new ModelsReply { Models = { info } });
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
