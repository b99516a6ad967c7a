using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Platform.Contracts.Grpc;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Simmy;
using Polly.Timeout;

namespace Platform.Gateway.ServiceCalls;

/// <summary>
/// What every outgoing call gets. A client span named after the contract (<c>llm.generate</c>) that sends its own W3C
/// context in the metadata, so the server span is its child. A Polly pipeline up to the first response message:
/// a per-attempt first-message timeout, retries of UNAVAILABLE (never once a message has arrived, so nothing is
/// replayed), a circuit breaker, and, innermost, the configured chaos, so retries and the breaker meet injected
/// faults as real ones. One per channel, so the breaker counts every call to that service.
/// </summary>
public sealed class GrpcCallPipeline(GrpcClientOptions options, GrpcChaosOptions chaos, string target) : Interceptor
{
    public const string SourceName = "Platform.Grpc";

    private static readonly ActivitySource Source = new(SourceName);
    private readonly ResiliencePipeline pipeline = Build(options, chaos);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var span = Start(ref context);
        AsyncUnaryCall<TResponse>? call = null;
        var response = ResponseAsync();
        return new AsyncUnaryCall<TResponse>(response, HeadersAsync(response, () => call!.ResponseHeadersAsync),
            () => call!.GetStatus(), () => call!.GetTrailers(), () => call?.Dispose());

        async Task<TResponse> ResponseAsync()
        {
            var result = await FirstAsync(span, () => continuation(request, context), attempt => attempt.ResponseAsync, attempt => call = attempt, context.Options.CancellationToken)
                .ConfigureAwait(false);
            End(span, Status.DefaultSuccess);
            return result;
        }
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var span = Start(ref context);
        var reader = new Reader<TResponse>(this, span, () => continuation(request, context), context.Options.CancellationToken);
        return new AsyncServerStreamingCall<TResponse>(reader, HeadersAsync(reader.Started.Task, () => reader.Call!.ResponseHeadersAsync),
            () => reader.Call!.GetStatus(), () => reader.Call!.GetTrailers(), reader.Dispose);
    }

    /// <summary>
    /// A bidirectional call gets the client span and its context, not the pipeline: what it has sent cannot be
    /// replayed, and its first response may rightly wait for the caller's audio. The span ends with the response stream.
    /// </summary>
    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var span = Start(ref context);
        var call = continuation(context);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(call.RequestStream, new SpanEndingReader<TResponse>(call.ResponseStream, span),
            call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, () =>
            {
                End(span, new Status(StatusCode.Cancelled, "The call was disposed before its last response."));
                call.Dispose();
            });
    }

    private static Activity? Start<TRequest, TResponse>(ref ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        var parent = Activity.Current;
        var span = Source.StartActivity(GrpcSpanName.Of(context.Method.FullName), ActivityKind.Client);
        Activity.Current = parent;
        span?.SetTag("rpc.system", "grpc");
        span?.SetTag("rpc.service", context.Method.ServiceName);
        span?.SetTag("rpc.method", context.Method.Name);
        if ((span ?? parent) is { } propagated)
        {
            var headers = new Metadata();
            foreach (var entry in context.Options.Headers ?? [])
            {
                headers.Add(entry);
            }

            DistributedContextPropagator.Current.Inject(propagated, headers, static (carrier, name, value) => ((Metadata)carrier!).Add(name, value));
            context = new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
        }

        return span;
    }

    private static void End(Activity? span, Status status)
    {
        if (span is null || span.IsStopped)
        {
            return;
        }

        span.SetTag("rpc.grpc.status_code", (int)status.StatusCode);
        if (status.StatusCode != StatusCode.OK)
        {
            span.SetStatus(ActivityStatusCode.Error, status.Detail);
        }

        span.Stop();
    }

    /// <summary>
    /// Starts attempts through the pipeline until one delivers its first response message. An attempt's timeout, or
    /// the caller's cancellation, disposes it, which resets its stream; Polly then sees the cancellation it caused.
    /// </summary>
    private async Task<TResult> FirstAsync<TCall, TResult>(
        Activity? span, Func<TCall> start, Func<TCall, Task<TResult>> first, Action<TCall> attempted, CancellationToken caller)
        where TCall : IDisposable
    {
        try
        {
            return await pipeline.ExecuteAsync(
                static async (state, token) =>
                {
                    var attempt = state.start();
                    state.attempted(attempt);
                    try
                    {
                        using var abandon = token.Register(static call => ((IDisposable)call!).Dispose(), attempt);
                        return await state.first(attempt).ConfigureAwait(false);
                    }
                    catch (RpcException) when (token.IsCancellationRequested)
                    {
                        attempt.Dispose();
                        throw new OperationCanceledException(token);
                    }
                    catch
                    {
                        attempt.Dispose();
                        throw;
                    }
                },
                (start, first, attempted),
                caller).ConfigureAwait(false);
        }
        catch (Exception ex) when (ToRpcException(ex, caller) is { } failure)
        {
            End(span, failure.Status);
            if (ReferenceEquals(failure, ex))
            {
                throw;
            }

            throw failure;
        }
    }

    private RpcException? ToRpcException(Exception ex, CancellationToken caller) => ex switch
    {
        RpcException rpc => rpc,
        BrokenCircuitException => new RpcException(new Status(StatusCode.Unavailable, $"The circuit to {target} is open after repeated failures; retry later.", ex)),
        TimeoutRejectedException => new RpcException(new Status(StatusCode.DeadlineExceeded, $"No response from {target} within {options.FirstMessageTimeout.TotalSeconds:0.###} s.", ex)),
        OperationCanceledException when caller.IsCancellationRequested => new RpcException(new Status(StatusCode.Cancelled, "Call cancelled by the caller.", ex)),
        _ => null,
    };

    private static async Task<Metadata> HeadersAsync(Task started, Func<Task<Metadata>> headers)
    {
        await started.ConfigureAwait(false);
        return await headers().ConfigureAwait(false);
    }

    private static ResiliencePipeline Build(GrpcClientOptions options, GrpcChaosOptions chaos)
    {
        static bool IsTransient(Outcome<object> outcome) => outcome.Exception is RpcException { StatusCode: StatusCode.Unavailable };

        var builder = new ResiliencePipelineBuilder();
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome) || args.Outcome.Exception is TimeoutRejectedException),
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakerDuration,
        }).AddTimeout(options.FirstMessageTimeout);
        if (chaos.Enabled)
        {
            builder.AddChaosLatency(chaos.LatencyRate, chaos.Latency).AddChaosFault(chaos.FaultRate,
                () => new RpcException(new Status(chaos.FaultStatus, "Fault injected by gRPC client chaos (Grpc:Client:Chaos).")));
        }

        return builder.Build();
    }

    /// <summary>A response stream that ends its call's span with the call: OK at its end, the status of its failure.</summary>
    private sealed class SpanEndingReader<T>(IAsyncStreamReader<T> inner, Activity? span) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                var more = await inner.MoveNext(cancellationToken).ConfigureAwait(false);
                if (!more)
                {
                    End(span, Status.DefaultSuccess);
                }

                return more;
            }
            catch (RpcException ex)
            {
                End(span, ex.Status);
                throw;
            }
        }
    }

    /// <summary>Starts the call through the pipeline on the first read, reads straight from it after, and ends the span.</summary>
    private sealed class Reader<T>(GrpcCallPipeline owner, Activity? span, Func<AsyncServerStreamingCall<T>> start, CancellationToken caller)
        : IAsyncStreamReader<T>, IDisposable
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AsyncServerStreamingCall<T>? Call { get; private set; }

        public T Current => Call!.ResponseStream.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            bool more;
            if (Started.Task.IsCompleted)
            {
                try
                {
                    more = await Call!.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false);
                }
                catch (RpcException ex)
                {
                    End(span, ex.Status);
                    throw;
                }
            }
            else
            {
                try
                {
                    more = await owner.FirstAsync(span, start, attempt => attempt.ResponseStream.MoveNext(cancellationToken), attempt => Call = attempt, caller)
                        .ConfigureAwait(false);
                }
                finally
                {
                    Started.TrySetResult();
                }
            }

            if (!more)
            {
                End(span, Status.DefaultSuccess);
            }

            return more;
        }

        public void Dispose()
        {
            End(span, new Status(StatusCode.Cancelled, "Call disposed by the caller."));
            Call?.Dispose();
            Started.TrySetResult();
        }
    }
}
