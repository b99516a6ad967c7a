using Microsoft.Extensions.Configuration;

namespace Platform.ServiceDefaults.Configuration;

/// <summary>
/// Resolves another service's address from the Aspire convention
/// <c>services__{name}__http__0=http://127.0.0.1:PORT</c> (https is preferred when both are given).
/// </summary>
public static class ServiceEndpoints
{
    /// <summary>The address of an optional service, or null when none is configured.</summary>
    public static Uri? TryResolve(IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection($"services:{serviceName}").Exists() ? Resolve(configuration, serviceName) : null;
    }

    public static Uri Resolve(IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);

        foreach (var scheme in new[] { "https", "http" })
        {
            var value = configuration[$"services:{serviceName}:{scheme}:0"];
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new InvalidOperationException($"Setting 'services__{serviceName}__{scheme}__0' is '{value}', which is not an absolute http(s) URL.");
            }

            return uri;
        }

        throw new InvalidOperationException(
            $"No address for service '{serviceName}': set 'services__{serviceName}__http__0' (for example http://127.0.0.1:5001).");
    }
}
