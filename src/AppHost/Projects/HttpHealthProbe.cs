using System.Net;

namespace Platform.AppHost.Projects;

/// <summary>
/// GET /health until it answers 200. The gRPC services listen HTTP/2-only in cleartext (prior knowledge), the
/// Gateway HTTP/1.1, so the probe tries the version that worked last, then the other.
/// </summary>
internal sealed class HttpHealthProbe
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);
    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        ConnectTimeout = AttemptTimeout,
        PooledConnectionLifetime = TimeSpan.FromSeconds(10),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private Version preferred = HttpVersion.Version20;

    public async Task<bool> IsHealthyAsync(Uri url, CancellationToken cancellationToken)
    {
        foreach (var version in new[] { preferred, preferred == HttpVersion.Version20 ? HttpVersion.Version11 : HttpVersion.Version20 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(AttemptTimeout);
            try
            {
                using var response = await Client.SendAsync(request, attempt.Token);
                preferred = version;
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                // Refused (not listening yet) or the other HTTP version: try the next.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // This attempt timed out; the next version may answer.
            }
        }

        return false;
    }
}
