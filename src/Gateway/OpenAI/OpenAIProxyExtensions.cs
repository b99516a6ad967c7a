using Platform.Gateway.Usage;

namespace Platform.Gateway.OpenAI;

public static class OpenAIProxyExtensions
{
    /// <summary>The <c>/v1</c> reverse proxy (YARP, destinations from service discovery) and the usage it meters.</summary>
    public static IHostApplicationBuilder AddOpenAIProxy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromMemory(OpenAIRoutes.RoutesFor(builder.Configuration), OpenAIRoutes.ClustersFor(builder.Configuration))
            .AddServiceDiscoveryDestinationResolver();
        builder.Services.AddSingleton<UsageStore>();
        return builder;
    }

    /// <summary>Each <c>/v1</c> route through the Gateway's own middleware, then to a healthy instance of its service.</summary>
    public static IEndpointRouteBuilder MapOpenAIProxy(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<OpenAIProxyMiddleware>();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return endpoints;
    }
}
