using System.ComponentModel.DataAnnotations;

namespace Platform.Gateway.Limits;

public sealed class LimitsOptions
{
    public const string SectionName = "Gateway:Limits";

    /// <summary>Requests a user may make per minute, across every replica.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 120;

    /// <summary>Turns and <c>/v1</c> requests a user may have running at once, across every replica.</summary>
    [Range(1, 10_000)]
    public int ConcurrentTurns { get; set; } = 2;

    /// <summary>
    /// Microphones a user may have open at once, across every replica: each holds a speech recognition stream, and a
    /// hands-free one for as long as half an hour.
    /// </summary>
    [Range(1, 10_000)]
    public int OpenMicrophones { get; set; } = 2;

    /// <summary>The largest request body, in bytes; larger ones get 413.</summary>
    [Range(1_024, 64 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Origins that browsers may call from (CORS), open WebSockets from and send cookie-authenticated changes from; the
    /// Gateway's own origin always may.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];
}
