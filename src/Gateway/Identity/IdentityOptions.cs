using System.ComponentModel.DataAnnotations;

namespace Platform.Gateway.Identity;

public sealed class IdentityOptions
{
    public const string SectionName = "Gateway:Identity";

    /// <summary>Let the web page ask for an anonymous identity in an HttpOnly cookie (<c>POST /api/session</c>).</summary>
    public bool AnonymousBrowsers { get; set; } = true;

    public string CookieName { get; set; } = "platform_session";

    /// <summary>Anonymous identities one client address may create per minute.</summary>
    [Range(1, 100_000)]
    public int AnonymousPerAddressPerMinute { get; set; } = 10;

    /// <summary>Anonymous identities one client address may hold at once (those not yet expired).</summary>
    [Range(1, 1_000_000)]
    public int AnonymousPerAddress { get; set; } = 100;

    /// <summary>An anonymous identity unused for this long is refused, then deleted with its conversations.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan AnonymousIdleExpiry { get; set; } = TimeSpan.FromDays(30);

    /// <summary>An API key to make sure exists at start (the AppHost passes a development key); never logged.</summary>
    public string? BootstrapApiKey { get; set; }

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CredentialCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}
