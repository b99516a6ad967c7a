using System.Diagnostics;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Simmy;
using Polly.Timeout;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.ServiceDefaults.Grpc.Client;

/// <summary>
/// A client connection to one gRPC server: HTTP/2 with prior knowledge over one shared SocketsHttpHandler, with
/// a Polly pipeline (per-attempt first-message timeout, retries only before the first response message, and a
/// circuit breaker). Create one per server and keep it for the life of the process.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private static readonly ActivitySource Source = new(PlatformTelemetry.GrpcSourceName);

    private readonly HttpMessageInvoker invoker;
    private readonly ResiliencePipeline pipeline;

    public GrpcChannel(Uri address, GrpcChannelOptions? options = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address;
        Options = options ?? new GrpcChannelOptions();
        invoker = new HttpMessageInvoker(handler ?? CreateHandler(), disposeHandler: true);
        pipeline = BuildPipeline(Options);
    }

    public Uri Address { get; }

    public GrpcChannelOptions Options { get; }

    public static SocketsHttpHandler CreateHandler() => new()
    {
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,

        // The call's span is the client span and carries the trace context itself; an HTTP span under it would repeat it.
        ActivityHeadersPropagator = null,
    };

    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, GrpcCallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        using var activity = StartActivity(method);
        return await ExecuteAsync(async attemptToken =>
        {
            using var call = new GrpcCall<TRequest, TResponse>(invoker, Address, method, Options, options, activity);
            await call.StartAsync(request, attemptToken).ConfigureAwait(false);
            if (!await call.MoveNextAsync(attemptToken).ConfigureAwait(false))
            {
                throw new RpcException(StatusCode.Internal, "Failed to deserialize response message: the server sent none.");
            }

            var response = call.Current;
            if (await call.MoveNextAsync(attemptToken).ConfigureAwait(false))
            {
                throw new RpcException(StatusCode.Internal, "The server sent more than one message for a unary call.");
            }

            return response;
        }, options.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams the responses of a server-streaming call as they arrive. Stopping the enumeration early, or
    /// cancelling its token, resets the stream so the server stops its work.
    /// </summary>
    public async IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method,
        TRequest request,
        GrpcCallOptions options = default,
        [EnumeratorCancellation] CancellationToken enumerationToken = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken, enumerationToken);
        options = options with { CancellationToken = linked.Token };
        using var activity = StartActivity(method);

        var (call, hasFirst) = await ExecuteAsync(async attemptToken =>
        {
            var attempt = new GrpcCall<TRequest, TResponse>(invoker, Address, method, Options, options, activity);
            try
            {
                await attempt.StartAsync(request, attemptToken).ConfigureAwait(false);
                return (attempt, await attempt.MoveNextAsync(attemptToken).ConfigureAwait(false));
            }
            catch
            {
                attempt.Dispose();
                throw;
            }
        }, options.CancellationToken).ConfigureAwait(false);

        using (call)
        {
            for (var more = hasFirst; more; more = await call.MoveNextAsync().ConfigureAwait(false))
            {
                yield return call.Current;
            }
        }
    }

    public void Dispose() => invoker.Dispose();

    private async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(async token => await attempt(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"The circuit to {Address} is open after repeated failures; retry later."), ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"No response from {Address} within {Options.FirstMessageTimeout.TotalSeconds:0.###} s."), ex);
        }
    }

    private static Activity? StartActivity<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var activity = Source.StartActivity(method.SpanName, ActivityKind.Client);
        activity?.SetTag("rpc.system", "grpc");
        activity?.SetTag("rpc.service", method.ServiceName);
        activity?.SetTag("rpc.method", method.Name);
        return activity;
    }

    private static ResiliencePipeline BuildPipeline(GrpcChannelOptions options)
    {
        static bool IsTransient(Outcome<object> outcome) =>
            outcome.Exception is RpcException { StatusCode: StatusCode.Unavailable };

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

        builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome) || args.Outcome.Exception is TimeoutRejectedException),
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerDuration,
            })
            .AddTimeout(options.FirstMessageTimeout);

        // Innermost, so injected delays and faults meet the timeout, retries and breaker as real ones would.
        if (options.Chaos is { Enabled: true } chaos)
        {
            builder
                .AddChaosLatency(chaos.LatencyRate, chaos.Latency)
                .AddChaosFault(chaos.FaultRate, () => new RpcException(new Status(chaos.FaultStatus, "Fault injected by gRPC client chaos (Grpc:Client:Chaos).")));
        }

        return builder.Build();
    }
}
