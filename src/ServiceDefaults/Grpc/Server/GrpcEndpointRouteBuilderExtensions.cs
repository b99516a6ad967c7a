using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Grpc.Server;

namespace Microsoft.AspNetCore.Builder;

public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>Maps every method <typeparamref name="TService"/> binds at <c>/{package}.{Service}/{Method}</c>.</summary>
    public static IEndpointConventionBuilder MapGrpcService<TService>(this IEndpointRouteBuilder endpoints)
        where TService : class, IGrpcService<TService>
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var registry = endpoints.ServiceProvider.GetService<GrpcServiceRegistry>()
            ?? throw new InvalidOperationException("Call builder.AddGrpcServer() before mapping gRPC services.");

        var binder = new GrpcServiceBinder<TService>();
        TService.Bind(binder);

        var group = endpoints.MapGroup(string.Empty);
        foreach (var binding in binder.Bindings)
        {
            registry.Add(binding.ServiceName);
            group.MapPost(binding.Path, binding.Handler)
                .WithDisplayName($"gRPC {binding.Path}")
                .WithMetadata(new GrpcMethodMetadata(binding.ServiceName, binding.MethodName, binding.SpanName));
        }

        MapUnimplemented(endpoints, registry);
        return group;
    }

    private static void MapUnimplemented(IEndpointRouteBuilder endpoints, GrpcServiceRegistry registry)
    {
        if (registry.FallbackMapped)
        {
            return;
        }

        registry.FallbackMapped = true;
        endpoints.MapPost("{service}/{method}", (HttpContext context, string service, string method) =>
        {
            if (!GrpcProtocol.IsGrpcContentType(context.Request.ContentType))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            var detail = registry.Contains(service) ? $"Method '{method}' is unimplemented." : $"Service '{service}' is unimplemented.";
            GrpcCallHandler.WriteStatus(context, new Status(StatusCode.Unimplemented, detail));
            return Task.CompletedTask;
        })
        .WithDisplayName("gRPC unimplemented")
        .WithOrder(int.MaxValue);
    }
}
