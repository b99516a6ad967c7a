using Platform.Gateway.Usage;
using Yarp.ReverseProxy.Health;

namespace Platform.Gateway.OpenAI;

public static class OpenAIProxyExtensions
{
    /// <summary>The <c>/v1</c> reverse proxy (YARP, destinations from service discovery) and the usage it meters.</summary>
    public static IHostApplicationBuilder AddOpenAIProxy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromMemory(OpenAIRoutes.RoutesFor(builder.Configuration), OpenAIRoutes.ClustersFor(builder.Configuration))
            .AddServiceDiscoveryDestinationResolver();
        // YARP keeps a destination its passive check marked down for the longer of the cluster's reactivation period and
        // this window (60 s by default): a restarted replica would stay out of the rotation for a minute.
        builder.Services.Configure<TransportFailureRateHealthPolicyOptions>(options => options.DetectionWindowSize = OpenAIRoutes.PassiveReactivationPeriod);
        builder.Services.AddSingleton<UsageStore>();
        return builder;
    }

    /// <summary>Each <c>/v1</c> route through the Gateway's own middleware, then to a healthy instance of its service (another one when it refused the connection).</summary>
    public static IEndpointRouteBuilder MapOpenAIProxy(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<OpenAIProxyMiddleware>();
            proxy.UseMiddleware<ConnectFailoverMiddleware>();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return endpoints;
    }
}
