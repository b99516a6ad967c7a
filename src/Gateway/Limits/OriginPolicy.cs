namespace Platform.Gateway.Limits;

/// <summary>Which browser origins may open WebSockets: none given (not a browser), the server's own, or a configured one.</summary>
public static class OriginPolicy
{
    public static bool Allows(HttpRequest request, IReadOnlyCollection<string> allowedOrigins)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var own = string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
        return own || allowedOrigins.Any(allowed => allowed == "*" || string.Equals(allowed.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}
