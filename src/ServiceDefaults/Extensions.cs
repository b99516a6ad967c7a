using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.ServiceDefaults.Grpc.Client;
using Platform.ServiceDefaults.Health;
using Platform.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every Platform service shares: telemetry, health, problem details and validated options.</summary>
public static class Extensions
{
    public const string LiveTag = "live";
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureOpenTelemetry();
        builder.AddGrpcClientChaos();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy("The process is up."), [LiveTag]);
        builder.Services.AddProblemDetails();
        builder.Services.AddTransient<IStartupFilter, ServiceDefaultsStartupFilter>();
        return builder;
    }

    /// <summary>
    /// <c>/health</c>: ready, meaning every registered check passes (a service registers "model loaded and warm");
    /// <c>/alive</c>: the process answers.
    /// </summary>
    public static IEndpointRouteBuilder MapDefaultEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });
        endpoints.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        return endpoints;
    }
}
