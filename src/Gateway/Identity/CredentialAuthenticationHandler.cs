using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Platform.Gateway.Identity;

/// <summary>Authenticates a request by its API key (<c>Authorization: Bearer pk_...</c>) or its browser cookie.</summary>
public sealed class CredentialAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    UserStore users,
    IMemoryCache cache,
    IOptions<IdentityOptions> identity)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggers, encoder)
{
    public const string SchemeName = "PlatformCredential";
    public const string ViaClaim = "via";
    public const string ViaApiKey = "api_key";
    public const string ViaBrowser = "browser";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return AuthenticateResult.Fail("Only 'Authorization: Bearer <API key>' is accepted.");
            }

            return await AuthenticateAsync(authorization["Bearer ".Length..].Trim(), ViaApiKey);
        }

        if (Request.Cookies.TryGetValue(identity.Value.CookieName, out var token) && token.Length > 0)
        {
            return await AuthenticateAsync(token, ViaBrowser);
        }

        return AuthenticateResult.NoResult();
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer realm=\"platform\"";
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required",
            "Send 'Authorization: Bearer <API key>', or use the web page, which keeps an identity in a cookie.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden",
            "These credentials may not do this; an anonymous browser identity cannot create API keys, a caller holding a key can.");

    internal static ClaimsPrincipal Principal(Guid userId, string via) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId.ToString()), new Claim(ViaClaim, via)], SchemeName));

    private async Task<AuthenticateResult> AuthenticateAsync(string secret, string via)
    {
        var duration = identity.Value.CredentialCacheDuration;
        var userId = duration <= TimeSpan.Zero
            ? await users.FindUserAsync(secret, Context.RequestAborted)
            : await cache.GetOrCreateAsync(Convert.ToBase64String(Credentials.Hash(secret)), entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = duration;
                return users.FindUserAsync(secret, Context.RequestAborted);
            });
        return userId is { } id
            ? AuthenticateResult.Success(new AuthenticationTicket(Principal(id, via), SchemeName))
            : AuthenticateResult.Fail("Unknown or revoked credentials.");
    }

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(Context);
    }
}
