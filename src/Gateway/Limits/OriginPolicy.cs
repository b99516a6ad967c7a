namespace Platform.Gateway.Limits;

/// <summary>Which browser origins may call in with a cookie and open WebSockets: the server's own, or a configured one.</summary>
public static class OriginPolicy
{
    /// <summary>True when no Origin is given (not a browser) or it is this server's own or an allowed one.</summary>
    public static bool Allows(HttpRequest request, IReadOnlyCollection<string> allowedOrigins)
    {
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || IsAllowed(request, origin, allowedOrigins);
    }

    /// <summary>True only when the request names an Origin and it is this server's own or an allowed one: a page's own call.</summary>
    public static bool IsFromAllowedPage(HttpRequest request, IReadOnlyCollection<string> allowedOrigins)
    {
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && IsAllowed(request, origin, allowedOrigins);
    }

    private static bool IsAllowed(HttpRequest request, string origin, IReadOnlyCollection<string> allowedOrigins)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var own = string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
        return own || allowedOrigins.Any(allowed => allowed == "*" || string.Equals(allowed.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}
