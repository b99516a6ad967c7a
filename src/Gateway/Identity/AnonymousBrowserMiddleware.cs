using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Platform.Gateway.Identity;

/// <summary>
/// Gives a browser that arrives without credentials, at an endpoint that needs a user, an anonymous identity of its
/// own, remembered in an HttpOnly, SameSite cookie; a cookie no longer known is replaced. Requests with an API key
/// are left alone.
/// </summary>
public sealed class AnonymousBrowserMiddleware(RequestDelegate next, IOptions<IdentityOptions> options)
{
    public async Task InvokeAsync(HttpContext context, UserStore users)
    {
        if (options.Value.AnonymousBrowsers
            && context.User.Identity?.IsAuthenticated != true
            && context.Request.Headers.Authorization.Count == 0
            && context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is not null)
        {
            var token = Credentials.NewBrowserToken();
            var userId = await users.CreateUserAsync("anonymous", "browser", "browser", token, context.RequestAborted);
            context.Response.Cookies.Append(options.Value.CookieName, token, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
                IsEssential = true,
                MaxAge = TimeSpan.FromDays(365),
                Path = "/",
            });
            context.User = CredentialAuthenticationHandler.Principal(userId, "browser");
        }

        await next(context);
    }
}
