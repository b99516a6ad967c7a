using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Stopping the host cancels every call in flight, so a long transcription or synthesis never holds the process past
/// its grace; the caller is told Unavailable (worth retrying elsewhere), not a cancellation it never asked for.
/// </summary>
public sealed class StoppingInterceptor(IHostApplicationLifetime lifetime, IHostEnvironment environment) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        using var call = new StoppingCallContext(context, lifetime.ApplicationStopping);
        try
        {
            return await continuation(request, call);
        }
        catch (Exception ex) when (IsStopping(ex, context))
        {
            throw ShuttingDown();
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        using var call = new StoppingCallContext(context, lifetime.ApplicationStopping);
        try
        {
            return await continuation(requestStream, call);
        }
        catch (Exception ex) when (IsStopping(ex, context))
        {
            throw ShuttingDown();
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        using var call = new StoppingCallContext(context, lifetime.ApplicationStopping);
        try
        {
            await continuation(request, responseStream, call);
        }
        catch (Exception ex) when (IsStopping(ex, context))
        {
            throw ShuttingDown();
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        using var call = new StoppingCallContext(context, lifetime.ApplicationStopping);
        try
        {
            await continuation(requestStream, responseStream, call);
        }
        catch (Exception ex) when (IsStopping(ex, context))
        {
            throw ShuttingDown();
        }
    }

    private bool IsStopping(Exception ex, ServerCallContext context) =>
        lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested
        && ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled };

    private RpcException ShuttingDown() =>
        new(new Status(StatusCode.Unavailable, $"{environment.ApplicationName} is shutting down; retry, another instance or its restart will answer."));
}
