using System.Net;

namespace Platform.AppHost.Projects;

/// <summary>
/// GET /health until it answers 200. The gRPC services listen HTTP/2-only in cleartext (prior knowledge), the
/// Gateway HTTP/1.1, so the probe tries the version that worked last, then the other.
/// </summary>
internal sealed class HttpHealthProbe
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);
    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        ConnectTimeout = AttemptTimeout,
        PooledConnectionLifetime = TimeSpan.FromSeconds(10),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private Version preferred = HttpVersion.Version20;

    /// <summary>True on 200; otherwise throws, saying what each version answered or why it could not ask.</summary>
    public async Task<bool> IsHealthyAsync(Uri url, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var version in new[] { preferred, preferred == HttpVersion.Version20 ? HttpVersion.Version11 : HttpVersion.Version20 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(AttemptTimeout);
            HttpStatusCode status;
            try
            {
                using var response = await Client.SendAsync(request, attempt.Token);
                status = response.StatusCode;
            }
            catch (HttpRequestException exception)
            {
                failures.Add($"HTTP/{version}: {exception.Message}");
                continue;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"HTTP/{version}: no answer within {AttemptTimeout.TotalSeconds:0} s");
                continue;
            }

            if (status == HttpStatusCode.OK)
            {
                preferred = version;
                return true;
            }

            // An HTTP/2-only Kestrel answers an HTTP/1.1 request with 400 rather than refusing it, so go on to the other version.
            failures.Add($"HTTP/{version}: answered {(int)status}");
        }

        throw new HttpRequestException(string.Join("; ", failures));
    }
}
