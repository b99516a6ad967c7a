using System.Net;
using System.Text.Json;

namespace Platform.AppHost.Dashboard.Resources;

/// <summary>
/// Reads a service's JSON health answer. The gRPC services speak HTTP/2 only (cleartext, prior knowledge) and the
/// Gateway HTTP/1.1, so each request tries HTTP/2 first, then HTTP/1.1.
/// </summary>
public sealed class ServiceProbe(HttpClient client)
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The status code and JSON body; null when neither version got a JSON answer in time.</summary>
    public async Task<ProbeAnswer?> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        foreach (var version in new[] { HttpVersion.Version20, HttpVersion.Version11 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(AttemptTimeout);
            try
            {
                using var response = await client.SendAsync(request, attempt.Token);
                if (response.Content.Headers.ContentType?.MediaType != "application/json")
                {
                    continue;
                }

                await using var body = await response.Content.ReadAsStreamAsync(attempt.Token);
                using var json = await JsonDocument.ParseAsync(body, cancellationToken: attempt.Token);
                return new ProbeAnswer((int)response.StatusCode, json.RootElement.Clone());
            }
            catch (Exception exception) when (exception is HttpRequestException or JsonException
                or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // A refused connection, a process mid-restart or the other HTTP version: try the next, then report none.
            }
        }

        return null;
    }
}
