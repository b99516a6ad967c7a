using System.Diagnostics;
using System.Security.Cryptography;
using Platform.AppHost;

namespace Aspire.Hosting;

public static partial class WelcomeBannerExtensions
{
    /// <summary>
    /// Hands the Gateway the development API key; once it is healthy (it waits for everything else) prints its URL,
    /// the dashboard's and the key. A published manifest instead asks for the key as a secret parameter, so this
    /// machine's key never goes into a file meant for a deployment.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithWelcomeBanner(this IResourceBuilder<ProjectResource> gateway, PlatformSettings settings)
    {
        if (gateway.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return gateway.WithEnvironment("Gateway__Identity__BootstrapApiKey", gateway.ApplicationBuilder.AddParameter("gateway-api-key", secret: true));
        }

        var apiKey = DevelopmentApiKey(settings.DataDirectory);
        var dashboard = gateway.ApplicationBuilder.Configuration["ASPNETCORE_URLS"]!.Split(';')[0];
        return gateway
            .WithEnvironment("Gateway__Identity__BootstrapApiKey", apiKey)
            .OnResourceReady((resource, ready, _) =>
            {
                using var self = Process.GetCurrentProcess();
                LogReady(ready.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Platform.AppHost"),
                    (DateTime.Now - self.StartTime).TotalSeconds, resource.GetEndpoint("http").Url, dashboard, apiKey);
                return Task.CompletedTask;
            });
    }

    /// <summary>Kept owner-only beside the data as long as it lasts, so scripts written against it keep working.</summary>
    private static string DevelopmentApiKey(string dataDirectory)
    {
        var file = Path.Combine(Directory.CreateDirectory(dataDirectory).FullName, "development-api-key");
        if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 20 } existing)
        {
            return existing;
        }

        var key = "pk_dev_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(file, key);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }

    [LoggerMessage(LogLevel.Information, """
        Platform is running: every resource is up and healthy, {Seconds:0.0} s after the AppHost started.
              Gateway:             {Url}  (open it in a browser for the web page)
              Dashboard:           {Dashboard}  (resources and health, console and structured logs, traces, metrics)
              Development API key: {ApiKey}  (send it as 'Authorization: Bearer <key>'; the web page needs none)
        """)]
    private static partial void LogReady(ILogger logger, double seconds, string url, string dashboard, string apiKey);
}
