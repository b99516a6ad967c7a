using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.GrpcInteropHost;

public static class InteropHostExtensions
{
    public static TBuilder AddInterop<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddGrpcServer();
        builder.Services.AddSingleton<CallObserver>();
        return builder;
    }

    public static IEndpointRouteBuilder MapInterop(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<InteropService>();
        return endpoints;
    }
}
