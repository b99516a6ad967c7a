using Microsoft.AspNetCore.Authentication;

namespace Platform.Gateway.Identity;

public static class IdentityExtensions
{
    /// <summary>The policy of endpoints only a caller with an API key may use.</summary>
    public const string ApiKeyHolders = "api-key-holders";

    /// <summary>Users known by API key or browser cookie; every conversation endpoint requires one.</summary>
    public static IHostApplicationBuilder AddIdentity(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<IdentityOptions>(IdentityOptions.SectionName);
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddHostedService<BootstrapApiKey>();
        builder.Services.AddHostedService<AnonymousIdentitySweeper>();
        builder.Services.AddAuthentication(CredentialAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, CredentialAuthenticationHandler>(CredentialAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyHolders, policy => policy.RequireAuthenticatedUser().RequireClaim(CredentialAuthenticationHandler.ViaClaim, CredentialAuthenticationHandler.ViaApiKey));
        return builder;
    }

    public static IApplicationBuilder UseIdentity(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
