using System.Net;

namespace Platform.AppHost.Tests;

/// <summary>GET /health as a client would: HTTP/2 prior knowledge (the gRPC services), else HTTP/1.1 (the Gateway).</summary>
internal static class HealthEndpoint
{
    public static async Task<HttpStatusCode> GetAsync(Uri service)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        HttpRequestException? failure = null;
        foreach (var version in new[] { HttpVersion.Version20, HttpVersion.Version11 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(service, "/health"))
            {
                Version = version,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            try
            {
                using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                return response.StatusCode;
            }
            catch (HttpRequestException exception)
            {
                failure = exception;
            }
        }

        throw failure!;
    }
}
