using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Platform.Gateway.Limits;
using Platform.Gateway.Identity;

namespace Platform.Gateway.Api;

/// <summary>
/// The web page's way to an anonymous identity: it calls <c>POST /api/session</c> when the API first answers 401.
/// Only a page served by this Gateway (or an allowed origin) may ask, and each client address is bounded in how many
/// it makes per minute and holds at once, so credential-less traffic cannot fill the user table.
/// </summary>
public static class SessionApi
{
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/session", StartAsync).AllowAnonymous().WithTags("Identity");
        return endpoints;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> StartAsync(HttpContext context, UserStore users, IOptions<IdentityOptions> identity, IOptions<LimitsOptions> limits)
    {
        var options = identity.Value;
        if (!options.AnonymousBrowsers)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Anonymous identities are off",
                detail: "This Gateway gives no anonymous identities; send 'Authorization: Bearer <API key>'.");
        }

        if (!OriginPolicy.IsFromAllowedPage(context.Request, limits.Value.AllowedOrigins))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Origin not allowed",
                detail: "An anonymous identity is given only to this server's own web page (or an allowed origin), which sends its Origin.");
        }

        if (context.User.Identity?.IsAuthenticated == true)
        {
            return TypedResults.NoContent();
        }

        var token = Credentials.NewBrowserToken();
        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (await users.CreateAnonymousUserAsync(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, token, context.RequestAborted) is null)
        {
            context.Response.Headers.RetryAfter = "60";
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many anonymous identities",
                detail: string.Create(CultureInfo.InvariantCulture,
                    $"This address may create {options.AnonymousPerAddressPerMinute} anonymous identities a minute and hold {options.AnonymousPerAddress}; reuse the cookie you were given."));
        }

        context.Response.Cookies.Append(options.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            IsEssential = true,
            // The server decides when an identity expires (unused for the idle expiry); a cookie that expired earlier, for
            // an identity in daily use, would lose its conversations.
            MaxAge = TimeSpan.FromDays(400),
            Path = "/",
        });
        return TypedResults.NoContent();
    }
}
