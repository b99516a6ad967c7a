namespace Platform.AppHost.Services;

/// <summary>
/// GET /health of a service, over HTTP/2 without TLS first (the gRPC services speak only that) and then HTTP/1.1
/// (the Gateway's browsers do); Aspire's own HTTP check speaks only HTTP/1.1. Healthy on 200.
/// </summary>
internal static class HealthEndpoint
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    public static async Task<HealthCheckResult> ProbeAsync(EndpointReference endpoint, CancellationToken cancellationToken)
    {
        var address = new Uri(new Uri(endpoint.Url), "/health");
        string? failure = null;
        foreach (var version in new[] { System.Net.HttpVersion.Version20, System.Net.HttpVersion.Version11 })
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, address) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
                using var response = await Client.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return HealthCheckResult.Healthy();
                }

                failure = $"{address} answered {(int)response.StatusCode}.";
            }
            catch (HttpRequestException exception)
            {
                failure ??= $"{address}: {exception.Message}";
            }
        }

        return HealthCheckResult.Unhealthy(failure);
    }
}
