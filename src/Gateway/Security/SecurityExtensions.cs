namespace Platform.Gateway.Security;

public static class SecurityExtensions
{
    /// <summary>Security headers on every answer, before anything can write one.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.UseMiddleware<SecurityHeadersMiddleware>();

    /// <summary>The Origin check of cookie-authenticated requests; after authentication, which says how a request was authenticated.</summary>
    public static IApplicationBuilder UseCookieOriginCheck(this IApplicationBuilder app) => app.UseMiddleware<CookieOriginMiddleware>();
}
