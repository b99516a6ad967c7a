using Microsoft.Extensions.Options;
using Platform.Gateway.Identity;
using Platform.Gateway.Limits;

namespace Platform.Gateway.Security;

/// <summary>
/// Refuses a state-changing request that a browser sent with the identity cookie from another site, so nothing rests
/// on SameSite alone. API-key callers carry their credential explicitly and are left alone.
/// </summary>
public sealed class CookieOriginMiddleware(RequestDelegate next, IOptions<LimitsOptions> limits)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
            && context.User.FindFirst(CredentialAuthenticationHandler.ViaClaim)?.Value == CredentialAuthenticationHandler.ViaBrowser
            && (!OriginPolicy.Allows(request, limits.Value.AllowedOrigins)
                || (request.Headers.Origin.Count == 0 && request.Headers["Sec-Fetch-Site"] == "cross-site")))
        {
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Origin not allowed",
                detail: $"A request carrying this site's cookie must come from its own pages or from Gateway:Limits:AllowedOrigins, not from '{request.Headers.Origin}'.")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
