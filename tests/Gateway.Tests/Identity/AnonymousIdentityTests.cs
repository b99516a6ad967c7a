using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Platform.Gateway.Tests.Infrastructure;

namespace Platform.Gateway.Tests.Identity;

public sealed class AnonymousIdentityTests(GatewayEnvironment environment)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AThousandCredentialLessRequestsFromOneAddressCreateAtMostTheConfiguredIdentities()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, settings: new Dictionary<string, string?>
        {
            ["Gateway__Identity__AnonymousPerAddressPerMinute"] = "1000",
            ["Gateway__Identity__AnonymousPerAddress"] = "25",
        });
        using var anonymous = harness.Gateways[0].CreateClient();
        using var page = harness.Gateways[0].CreateClient();
        page.DefaultRequestHeaders.Add("Origin", harness.Gateways[0].Address.GetLeftPart(UriPartial.Authority));

        var toApi = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(async _ =>
        {
            using var response = await anonymous.PostAsJsonAsync("/api/conversations", new { }, Token);
            return response.StatusCode;
        }));
        var usersAfterApi = await CountUsersAsync(harness);
        var toSession = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(async _ =>
        {
            using var response = await page.PostAsync("/api/session", null, Token);
            return response.StatusCode;
        }));

        Assert.All(toApi, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(0, usersAfterApi);
        Assert.Equal(25, toSession.Count(status => status == HttpStatusCode.NoContent));
        Assert.Equal(975, toSession.Count(status => status == HttpStatusCode.TooManyRequests));
        Assert.Equal(25, await CountUsersAsync(harness));
    }

    [Fact]
    public async Task AnAddressMayCreateOnlyItsPerMinuteRate()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, settings: new Dictionary<string, string?> { ["Gateway__Identity__AnonymousPerAddressPerMinute"] = "3" });
        using var page = harness.Gateways[0].CreateClient();
        page.DefaultRequestHeaders.Add("Origin", harness.Gateways[0].Address.GetLeftPart(UriPartial.Authority));

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 4; i++)
        {
            refused = await page.PostAsync("/api/session", null, Token);
            statuses.Add(refused.StatusCode);
        }

        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(refused!.Headers.RetryAfter);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OnlyThePagesOwnOriginGetsAnIdentity()
    {
        await using var harness = await GatewayHarness.StartAsync(environment);
        using var noOrigin = harness.Gateways[0].CreateClient();
        using var foreign = harness.Gateways[0].CreateClient();
        foreign.DefaultRequestHeaders.Add("Origin", "https://evil.example");

        using var withoutOrigin = await noOrigin.PostAsync("/api/session", null, Token);
        using var fromForeign = await foreign.PostAsync("/api/session", null, Token);

        Assert.Equal(HttpStatusCode.Forbidden, withoutOrigin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, fromForeign.StatusCode);
        Assert.Equal(0, await CountUsersAsync(harness));
    }

    [Fact]
    public async Task AnAnonymousBrowserCannotCreateAnApiKey()
    {
        await using var harness = await GatewayHarness.StartAsync(environment);
        using var browser = await harness.Gateways[0].CreateBrowserAsync();

        using var refused = await browser.PostAsJsonAsync("/api/keys", new { name = "forever" }, Token);
        using var allowed = await harness.Client().PostAsJsonAsync("/api/keys", new { name = "ci" }, Token);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        Assert.Equal(1, await ScalarAsync(harness, "select count(*) from credentials where kind = 'api_key' and name = 'ci'"));
        Assert.Equal(0, await ScalarAsync(harness, "select count(*) from credentials where name = 'forever'"));
    }

    [Fact]
    public async Task AnIdentityUnusedForItsExpiryIsRefusedAndDeleted()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, settings: new Dictionary<string, string?>
        {
            ["Gateway__Identity__AnonymousIdleExpiry"] = "00:00:02",
            ["Gateway__Identity__CredentialCacheDuration"] = "00:00:00",
        });
        using var browser = await harness.Gateways[0].CreateBrowserAsync();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/conversations", Token)).StatusCode);

        var deleted = await Eventually.ReturnsAsync(() => CountUsersAsync(harness), count => count == 0, TimeSpan.FromSeconds(20));
        using var afterExpiry = await browser.GetAsync("/api/conversations", Token);

        Assert.Equal(0, deleted);
        Assert.Equal(HttpStatusCode.Unauthorized, afterExpiry.StatusCode);
    }

    private static Task<long> CountUsersAsync(GatewayHarness harness) => ScalarAsync(harness, "select count(*) from users where kind = 'anonymous'");

    private static async Task<long> ScalarAsync(GatewayHarness harness, string sql)
    {
        await using var connection = new NpgsqlConnection(harness.Database);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(Token))!;
    }
}
