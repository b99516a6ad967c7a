using Microsoft.Extensions.Configuration;

namespace Platform.AppHost;

/// <summary>The settings ./run.sh documents, read from the environment (or --NAME=value arguments).</summary>
public sealed class PlatformSettings
{
    [ConfigurationKeyName("PLATFORM_GATEWAY_PORT")]
    public int GatewayPort { get; set; } = 8080;

    [ConfigurationKeyName("PLATFORM_DASHBOARD_PORT")]
    public int DashboardPort { get; set; } = 18888;

    /// <summary>Where Redis, RabbitMQ and PostgreSQL keep their data, one folder each; relative paths are from the repository root.</summary>
    [ConfigurationKeyName("PLATFORM_DATA_DIR")]
    public string DataDirectory { get; set; } = Path.Combine(".artifacts", "apphost");

    /// <summary>How many LlmService processes run, each its own resource, all behind the one service name <c>llm</c>.</summary>
    [ConfigurationKeyName("PLATFORM_LLM_REPLICAS")]
    public int LlmReplicas { get; set; } = 1;
}
