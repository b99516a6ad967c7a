using System.Net;
using System.Net.Http.Json;
using Platform.Gateway.Tests.Infrastructure;

namespace Platform.Gateway.Tests.Security;

public sealed class SecurityHeadersTests(GatewayEnvironment environment)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/app.js")]
    [InlineData("/api/conversations")]
    [InlineData("/api/no-such-thing")]
    public async Task ThePageAndTheApiSendSecurityHeaders(string path)
    {
        await using var harness = await GatewayHarness.StartAsync(environment);

        using var response = await harness.Client().GetAsync(path, Token);

        var policy = string.Join(';', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task ACookieAuthenticatedPostFromAForeignOriginIsRefusedAndFromThePageAccepted()
    {
        await using var harness = await GatewayHarness.StartAsync(environment);
        using var browser = await harness.Gateways[0].CreateBrowserAsync();
        using var keyHolder = harness.Gateways[0].CreateClient();
        keyHolder.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", harness.ApiKey);
        keyHolder.DefaultRequestHeaders.Add("Origin", "https://evil.example");

        using var fromPage = await browser.PostAsJsonAsync("/api/conversations", new { language = "en" }, Token);
        browser.DefaultRequestHeaders.Remove("Origin");
        browser.DefaultRequestHeaders.Add("Origin", "https://evil.example");
        using var fromForeign = await browser.PostAsJsonAsync("/api/conversations", new { language = "en" }, Token);
        using var foreignRead = await browser.GetAsync("/api/conversations", Token);
        using var withKey = await keyHolder.PostAsJsonAsync("/api/conversations", new { language = "en" }, Token);

        Assert.Equal(HttpStatusCode.Created, fromPage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, fromForeign.StatusCode);
        Assert.Equal("application/problem+json", fromForeign.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, foreignRead.StatusCode);
        Assert.Equal(HttpStatusCode.Created, withKey.StatusCode);
    }
}
