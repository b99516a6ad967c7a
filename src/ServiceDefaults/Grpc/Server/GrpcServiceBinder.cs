using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.ServiceDefaults.Grpc.Server;

/// <summary>Collects the methods a service serves, each as a handler that takes the service instance of the call.</summary>
public sealed class GrpcServiceBinder<TService>
    where TService : class
{
    // Like grpc-dotnet: the registered instance when there is one, else a new instance per call, built by a
    // factory compiled once rather than by reflection on every call.
    private static readonly ObjectFactory<TService> Factory = ActivatorUtilities.CreateFactory<TService>(Type.EmptyTypes);

    private readonly List<GrpcMethodBinding> bindings = [];

    internal IReadOnlyList<GrpcMethodBinding> Bindings => bindings;

    public GrpcServiceBinder<TService> Unary<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method,
        Func<TService, TRequest, ServerCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        EnsureType(method.Type, MethodType.Unary, method.Path);
        bindings.Add(new GrpcMethodBinding(method.ServiceName, method.Name, method.SpanName, method.Path, context =>
            GrpcCallHandler.HandleAsync(context, method, async (request, writer, call) =>
            {
                var service = Activate(context);
                var response = await handler(service, request, call).ConfigureAwait(false);
                await writer.WriteAsync(response, call.CancellationToken).ConfigureAwait(false);
            })));
        return this;
    }

    public GrpcServiceBinder<TService> ServerStreaming<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method,
        Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        EnsureType(method.Type, MethodType.ServerStreaming, method.Path);
        bindings.Add(new GrpcMethodBinding(method.ServiceName, method.Name, method.SpanName, method.Path, context =>
            GrpcCallHandler.HandleAsync(context, method, (request, writer, call) => handler(Activate(context), request, writer, call))));
        return this;
    }

    private static TService Activate(HttpContext context) =>
        context.RequestServices.GetService<TService>() ?? Factory(context.RequestServices, null);

    private static void EnsureType(MethodType actual, MethodType expected, string path)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"'{path}' is {actual}; bind it with {actual}(), not {expected}().");
        }
    }
}
