using System.Net;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;

namespace Platform.Gateway.OpenAI;

/// <summary>
/// The <c>/v1</c> routes and the clusters they go to: each service serves its own OpenAI-compatible endpoint, found by
/// service discovery (<c>http://llm</c> is every <c>services__llm__http__N</c>), spoken to over HTTP/2 without TLS as
/// the services listen, balanced round robin and probed on <c>/health</c> every second, so a replica that stops
/// answering is out of the rotation within about two seconds.
/// </summary>
public static class OpenAIRoutes
{
    public const string Chat = "chat";
    public const string Models = "models";
    public const string Transcriptions = "transcriptions";
    public const string Speech = "speech";

    /// <summary>How long a destination that failed requests stays out of the rotation before it is tried again.</summary>
    public static readonly TimeSpan PassiveReactivationPeriod = TimeSpan.FromSeconds(5);

    /// <summary>Every route and the service it goes to; a route is only mapped when its service has an address.</summary>
    private static readonly (string RouteId, string Path, string Method, string Service)[] All =
    [
        (Chat, "/v1/chat/completions", "POST", "llm"),
        (Models, "/v1/models", "GET", "llm"),
        (Transcriptions, "/v1/audio/transcriptions", "POST", "stt"),
        (Speech, "/v1/audio/speech", "POST", "tts"),
    ];

    public static IReadOnlyList<RouteConfig> RoutesFor(IConfiguration configuration) =>
        [.. All.Where(route => HasAddress(configuration, route.Service)).Select(route => new RouteConfig
        {
            RouteId = route.RouteId,
            ClusterId = route.Service,
            AuthorizationPolicy = "Default",
            Match = new RouteMatch { Path = route.Path, Methods = [route.Method] },
            // The services trust their caller: the client's credentials stop here.
            Transforms =
            [
                new Dictionary<string, string> { ["RequestHeaderRemove"] = "Authorization" },
                new Dictionary<string, string> { ["RequestHeaderRemove"] = "Cookie" },
            ],
        })];

    public static IReadOnlyList<ClusterConfig> ClustersFor(IConfiguration configuration) =>
        [.. All.Select(route => route.Service).Distinct().Where(service => HasAddress(configuration, service)).Select(service => new ClusterConfig
        {
            ClusterId = service,
            LoadBalancingPolicy = "RoundRobin",
            Destinations = new Dictionary<string, DestinationConfig> { [service] = new() { Address = $"http://{service}" } },
            HttpRequest = new ForwarderRequestConfig
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                // A long reply asked for whole sends nothing until it is complete.
                ActivityTimeout = TimeSpan.FromMinutes(10),
            },
            HealthCheck = new HealthCheckConfig
            {
                // YARP's default falls back to every destination when none is healthy; a client is better told 503 at once.
                AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyAndUnknown,
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = TimeSpan.FromSeconds(1),
                    Timeout = TimeSpan.FromSeconds(1),
                    Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                    Path = "/health",
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                    ReactivationPeriod = PassiveReactivationPeriod,
                },
            },
            Metadata = new Dictionary<string, string> { [ConsecutiveFailuresHealthPolicyOptions.ThresholdMetadataName] = "2" },
        })];

    private static bool HasAddress(IConfiguration configuration, string service) => configuration.GetSection($"services:{service}").Exists();
}
