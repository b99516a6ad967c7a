using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Platform.AppHost;

/// <summary>The settings ./run.sh documents, read from the environment (or --NAME=value arguments).</summary>
public sealed class PlatformSettings : IValidatableObject
{
    [ConfigurationKeyName("PLATFORM_GATEWAY_PORT")]
    [Range(0, 65535, ErrorMessage = "PLATFORM_GATEWAY_PORT must be a port number, 1-65535, or 0 for any free port.")]
    public int GatewayPort { get; set; } = 8080;

    [ConfigurationKeyName("PLATFORM_DASHBOARD_PORT")]
    [Range(0, 65535, ErrorMessage = "PLATFORM_DASHBOARD_PORT must be a port number, 1-65535, or 0 for any free port.")]
    public int DashboardPort { get; set; } = 18888;

    /// <summary>Where Redis, RabbitMQ and PostgreSQL keep their data, one folder each; relative paths are from the repository root.</summary>
    [ConfigurationKeyName("PLATFORM_DATA_DIR")]
    public string DataDirectory { get; set; } = Path.Combine(".artifacts", "apphost");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (GatewayPort != 0 && GatewayPort == DashboardPort)
        {
            yield return new ValidationResult("PLATFORM_GATEWAY_PORT and PLATFORM_DASHBOARD_PORT must differ.");
        }
    }
}
