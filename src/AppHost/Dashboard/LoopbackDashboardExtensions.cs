using Platform.AppHost.Servers;

namespace Platform.AppHost.Dashboard;

public static class LoopbackDashboardExtensions
{
    /// <summary>
    /// The Aspire dashboard on 127.0.0.1 at PLATFORM_DASHBOARD_PORT (a free port when taken), with its OTLP receivers and
    /// resource service on free loopback ports. It needs no login because nothing off this machine can reach it, and
    /// runs over plain HTTP because this machine has no development certificate.
    /// </summary>
    public static IDistributedApplicationBuilder UseLoopbackDashboard(this IDistributedApplicationBuilder builder, PlatformSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var loopback = (int port) => $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        builder.Configuration["ASPNETCORE_URLS"] = loopback(LoopbackPort.PreferredOrFree(settings.DashboardPort));
        builder.Configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = loopback(LoopbackPort.Free());
        builder.Configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = loopback(LoopbackPort.Free());
        builder.Configuration["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = loopback(LoopbackPort.Free());
        builder.Configuration["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        builder.Configuration["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        builder.Configuration["AppHost:BrowserToken"] = string.Empty;
        return builder;
    }

    /// <summary>The dashboard's address as the AppHost serves it.</summary>
    public static Uri DashboardUrl(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return new Uri(builder.Configuration["ASPNETCORE_URLS"]!.Split(';')[0]);
    }
}
