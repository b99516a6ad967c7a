using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>
/// Stopping the host cancels every call in flight, so a long transcription or synthesis never holds the process past
/// its grace; the caller is told Unavailable (worth retrying elsewhere), not a cancellation it never asked for.
/// </summary>
internal sealed class StoppingInterceptor(IHostApplicationLifetime lifetime, IHostEnvironment environment) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        RunAsync(context, call => continuation(request, call));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        RunAsync(context, call => continuation(requestStream, call));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        RunAsync(context, async call =>
        {
            await continuation(request, responseStream, call);
            return true;
        });

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        RunAsync(context, async call =>
        {
            await continuation(requestStream, responseStream, call);
            return true;
        });

    private async Task<T> RunAsync<T>(ServerCallContext context, Func<ServerCallContext, Task<T>> handler)
    {
        using var call = new StoppingCallContext(context, lifetime.ApplicationStopping);
        try
        {
            return await handler(call);
        }
        catch (Exception ex) when (IsStopping(ex, context))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"{environment.ApplicationName} is shutting down; retry, another instance or its restart will answer."));
        }
    }

    private bool IsStopping(Exception ex, ServerCallContext context) =>
        lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested
        && ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled };
}
