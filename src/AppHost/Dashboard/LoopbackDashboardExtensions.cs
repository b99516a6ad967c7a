using Platform.AppHost;

namespace Aspire.Hosting;

public static class LoopbackDashboardExtensions
{
    /// <summary>The dashboard and its OTLP receivers on loopback only, so without a login, and over plain HTTP: there is no development certificate.</summary>
    public static IDistributedApplicationBuilder UseLoopbackDashboard(this IDistributedApplicationBuilder builder, PlatformSettings settings)
    {
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
}
