using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Gateway.Validation;
using Platform.Gateway.Identity;

namespace Platform.Gateway.Api;

public static class KeysApi
{
    public const int MaxNameLength = 100;

    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/keys", CreateAsync).RequireAuthorization(IdentityExtensions.ApiKeyHolders).WithTags("Identity");
        return endpoints;
    }

    /// <summary>
    /// A new API key for the calling user; the key is shown in this answer only. Only a caller holding a key may make
    /// another: an anonymous browser identity is temporary, and a permanent key would outlive it.
    /// </summary>
    private static async Task<Results<Created<CreatedKey>, ValidationProblem>> CreateAsync(CreateKeyRequest? request, HttpContext context, UserStore users)
    {
        var name = string.IsNullOrWhiteSpace(request?.Name) ? "api key" : request.Name.Trim();
        if (StorableText.Problem("name", name) is { } unstorable)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [unstorable] });
        }

        if (name.Length > MaxNameLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [$"The name has {name.Length} characters; the limit is {MaxNameLength}."] });
        }

        var key = Credentials.NewApiKey();
        await users.AddApiKeyAsync(context.User.UserId(), name, key, context.RequestAborted);
        return TypedResults.Created((string?)null, new CreatedKey(name, key, Credentials.Prefix(key)));
    }
}
