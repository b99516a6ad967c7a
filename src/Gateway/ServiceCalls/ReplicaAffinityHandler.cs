using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.ServiceDiscovery;

namespace Platform.Gateway.ServiceCalls;

/// <summary>
/// Sends every call that carries an affinity key (the <see cref="Header"/> metadata: the Gateway sends a conversation's
/// id) to the same replica of its service, where that conversation's prompt cache is. Service discovery's own handler
/// picks round robin and cannot be keyed. The replica is chosen by rendezvous hashing over the service's addresses, so
/// losing or adding one moves only the conversations that were on it, and every Gateway replica chooses alike. A replica
/// that refused a connection, or answered UNAVAILABLE at once, is passed over for <see cref="PassOver"/>, so the call's
/// retry goes to the key's next one.
/// Calls without a key go on to service discovery's round robin.
/// </summary>
public sealed class ReplicaAffinityHandler(ServiceEndpointResolver resolver, string serviceName, TimeProvider time) : DelegatingHandler
{
    public const string Header = "platform-affinity";

    public static readonly TimeSpan PassOver = TimeSpan.FromSeconds(5);

    private const string UnavailableStatus = "14";

    private readonly ConcurrentDictionary<Uri, long> refusedUntil = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Headers.TryGetValues(Header, out var keys) || keys.FirstOrDefault() is not { Length: > 0 } key || request.RequestUri is not { } requested)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var source = await resolver.GetEndpointsAsync($"http://{serviceName}", cancellationToken);
        var replica = Choose(key, source.Endpoints.Select(endpoint => AddressOf(endpoint.EndPoint)).OfType<Uri>());
        if (replica is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        request.RequestUri = new UriBuilder(requested) { Scheme = replica.Scheme, Host = replica.Host, Port = replica.Port }.Uri;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            // A replica that answers UNAVAILABLE before any message (trailers only: it is stopping) is passed over too.
            if (response.Headers.TryGetValues("grpc-status", out var status) && status.FirstOrDefault() == UnavailableStatus)
            {
                PassOverFor(replica);
            }

            return response;
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            PassOverFor(replica);
            throw;
        }
        finally
        {
            request.RequestUri = requested;
        }
    }

    private void PassOverFor(Uri replica) => refusedUntil[replica] = time.GetTimestamp() + (long)(PassOver.TotalSeconds * time.TimestampFrequency);

    /// <summary>The key's replica: the highest hash of key and address among those not passed over (among all when every one is).</summary>
    private Uri? Choose(string key, IEnumerable<Uri> replicas)
    {
        var now = time.GetTimestamp();
        var ranked = replicas.OrderByDescending(replica => Rank(key, replica)).ToList();
        return ranked.FirstOrDefault(replica => refusedUntil.GetValueOrDefault(replica) <= now) ?? ranked.FirstOrDefault();
    }

    // FNV-1a: the same in every Gateway process, unlike string.GetHashCode.
    private static ulong Rank(string key, Uri replica)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes($"{key}|{replica.Authority}"))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        // MurmurHash3's finaliser spreads FNV's weak low bits, so that the highest of a few hashes is an even draw.
        hash = (hash ^ (hash >> 33)) * 0xff51afd7ed558ccdUL;
        hash = (hash ^ (hash >> 33)) * 0xc4ceb9fe1a85ec53UL;
        return hash ^ (hash >> 33);
    }

    private static Uri? AddressOf(EndPoint endPoint) => endPoint switch
    {
        UriEndPoint uri => uri.Uri,
        IPEndPoint ip => new UriBuilder(Uri.UriSchemeHttp, ip.Address.ToString(), ip.Port).Uri,
        DnsEndPoint dns => new UriBuilder(Uri.UriSchemeHttp, dns.Host, dns.Port).Uri,
        _ => null,
    };
}
