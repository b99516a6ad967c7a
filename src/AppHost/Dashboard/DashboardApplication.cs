using System.Net;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.AppHost.Dashboard.Logs;
using Platform.AppHost.Dashboard.Metrics;
using Platform.AppHost.Dashboard.Otlp;
using Platform.AppHost.Dashboard.Resources;
using Platform.AppHost.Dashboard.Traces;
using Platform.AppHost.Hosting;
using Platform.AppHost.Logging;
using Platform.AppHost.Orchestration;

namespace Platform.AppHost.Dashboard;

/// <summary>The dashboard's web application: the OTLP receiver, the JSON APIs and the pages, on 127.0.0.1 only.</summary>
internal static class DashboardApplication
{
    /// <summary>The pages, copied beside the AppHost's assembly by the build.</summary>
    public static string WebRoot { get; } = Path.Combine(AppContext.BaseDirectory, "Dashboard", "wwwroot");

    /// <summary>A web application on 127.0.0.1:<paramref name="port"/> over the stores and resources of <paramref name="host"/>.</summary>
    public static WebApplication Build(IServiceProvider host, int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(DashboardApplication).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = WebRoot,
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = host.GetRequiredService<IOptions<DashboardOptions>>().Value.MaxRequestBodyBytes;
        });

        // The dashboard logs through the AppHost's own loggers, so its warnings appear among the AppHost's lines.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(host.GetRequiredService<ILoggerFactory>());
        builder.Services.AddSingleton(host.GetRequiredService<IOptions<DashboardOptions>>());
        builder.Services.AddSingleton(host.GetRequiredService<TimeProvider>());
        builder.Services.AddSingleton(host.GetRequiredService<SpanStore>());
        builder.Services.AddSingleton(host.GetRequiredService<LogStore>());
        builder.Services.AddSingleton(host.GetRequiredService<MetricStore>());
        builder.Services.AddSingleton(host.GetRequiredService<OtlpIngestion>());
        builder.Services.AddSingleton(host.GetRequiredService<DistributedApplicationModel>());
        builder.Services.AddSingleton(host.GetRequiredService<ResourceNotifications>());
        builder.Services.AddSingleton(host.GetRequiredService<ResourceLogs>());
        builder.Services.AddSingleton(new ServiceProbe(new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1) })));
        builder.Services.AddProblemDetails();
        // Only this machine's names: a web page elsewhere cannot reach it through a rebound DNS name.
        builder.Services.Configure<HostFilteringOptions>(hosts => hosts.AllowedHosts = ["127.0.0.1", "localhost"]);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));

        var app = builder.Build();
        app.UseHostFiltering();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(async (context, next) =>
        {
            // Pages put data only into text nodes; the policy makes any slip inert rather than executable.
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'";
            await next(context);
        });
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(WebRoot) });
        app.MapOtlpReceiver();
        app.MapResourcesApi();
        app.MapConsoleLogsApi();
        app.MapStructuredLogsApi();
        app.MapTracesApi();
        app.MapMetricsApi();
        return app;
    }
}
