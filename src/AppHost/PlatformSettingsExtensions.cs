using Microsoft.Extensions.Configuration;
using Platform.AppHost;

namespace Aspire.Hosting;

public static class PlatformSettingsExtensions
{
    /// <summary>Each replica loads its own model and llama.cpp threads; more than four would only contend for one machine's cores.</summary>
    public const int MaxLlmReplicas = 4;

    /// <summary>Binds and validates <see cref="PlatformSettings"/>; a bad value stops the AppHost with a message naming it.</summary>
    public static PlatformSettings AddPlatformSettings(this IDistributedApplicationBuilder builder)
    {
        var settings = builder.Configuration.Get<PlatformSettings>() ?? new PlatformSettings();
        var errors = new[]
        {
            settings.GatewayPort is < 0 or > 65535 ? "PLATFORM_GATEWAY_PORT must be a port number, 1-65535, or 0 for any free port." : null,
            settings.DashboardPort is < 0 or > 65535 ? "PLATFORM_DASHBOARD_PORT must be a port number, 1-65535, or 0 for any free port." : null,
            settings.GatewayPort != 0 && settings.GatewayPort == settings.DashboardPort ? "PLATFORM_GATEWAY_PORT and PLATFORM_DASHBOARD_PORT must differ." : null,
            settings.LlmReplicas is < 1 or > MaxLlmReplicas ? $"PLATFORM_LLM_REPLICAS must be 1-{MaxLlmReplicas}, the number of LlmService processes to run; it is {settings.LlmReplicas}." : null,
        }.OfType<string>().ToList();
        if (errors.Count > 0)
        {
            // A bad setting is for the person who typed it to fix: the message alone, not buried under a stack trace.
            Console.Error.WriteLine(string.Join(Environment.NewLine, errors));
            Environment.Exit(2);
        }

        settings.DataDirectory = Path.GetFullPath(settings.DataDirectory, builder.RepositoryRoot());
        builder.Configuration[ServerBuilderExtensions.DataDirectoryKey] = settings.DataDirectory;
        builder.Services.AddSingleton(settings);
        return settings;
    }

    public static string RepositoryRoot(this IDistributedApplicationBuilder builder) =>
        Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
}
