using System.Security.Claims;

namespace Platform.Gateway.Identity;

public static class UserExtensions
{
    /// <summary>The authenticated user's id; endpoints that call it require authorization, so it is always there.</summary>
    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("The request has no authenticated user.");
}
