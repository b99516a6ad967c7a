using System.ComponentModel.DataAnnotations;

namespace Platform.Gateway.Infrastructure;

/// <summary>How long the Gateway waits for Redis; the key sits under <c>Gateway:Limits</c>, where deployments already set it.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Gateway:Limits";

    /// <summary>
    /// How long a Redis call waits before the caller falls back (a limit check counts on this replica instead); after
    /// repeated failures Redis is skipped for a few seconds, so a Redis that hangs (rather than refusing connections)
    /// cannot stall requests.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(500);
}
