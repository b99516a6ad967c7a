using System.ComponentModel.DataAnnotations;

namespace Platform.Gateway.Identity;

public sealed class IdentityOptions
{
    public const string SectionName = "Gateway:Identity";

    /// <summary>Give each browser without credentials an anonymous identity in an HttpOnly cookie.</summary>
    public bool AnonymousBrowsers { get; set; } = true;

    public string CookieName { get; set; } = "platform_session";

    /// <summary>An API key to make sure exists at start (the AppHost passes a development key); never logged.</summary>
    public string? BootstrapApiKey { get; set; }

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CredentialCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}
