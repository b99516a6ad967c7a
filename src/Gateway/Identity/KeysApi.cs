using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.Gateway.Identity;

public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/keys", CreateAsync).RequireAuthorization().WithTags("Identity");
        return endpoints;
    }

    /// <summary>A new API key for the calling user; the key is shown in this answer only.</summary>
    private static async Task<Created<CreatedKey>> CreateAsync(CreateKeyRequest? request, HttpContext context, UserStore users)
    {
        var name = string.IsNullOrWhiteSpace(request?.Name) ? "api key" : request.Name.Trim()[..Math.Min(request.Name.Trim().Length, 100)];
        var key = Credentials.NewApiKey();
        await users.AddApiKeyAsync(context.User.UserId(), name, key, context.RequestAborted);
        return TypedResults.Created((string?)null, new CreatedKey(name, key, Credentials.Prefix(key)));
    }
}
