using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing.SyntheticLlm;

namespace Platform.Gateway.Tests.Identity;

/// <summary>User A holds the harness's API key; user B is a browser with an anonymous identity of its own.</summary>
public sealed class OwnershipTests(GatewayEnvironment environment)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnotherUsersConversationTurnEventsCancelAndWebSocketAllAnswer404()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 1_000, TokenInterval = TimeSpan.FromMilliseconds(20) });
        var conversation = await harness.CreateConversationAsync();
        using var turn = await harness.StartStreamingTurnAsync(conversation, "mine");
        var turnId = Guid.Parse(turn.Headers.GetValues("X-Turn-Id").Single());
        var cookies = new CookieContainer();
        using var userB = await harness.Gateways[0].CreateBrowserAsync(cookies);

        using (var ownConversation = await userB.PostAsJsonAsync("/api/conversations", new { language = "en" }, Token))
        {
            Assert.Equal(HttpStatusCode.Created, ownConversation.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await userB.GetAsync($"/api/conversations/{conversation}", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await userB.PostAsJsonAsync($"/api/conversations/{conversation}/turns", new { content = "theirs" }, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await userB.GetAsync($"/api/turns/{turnId}/events", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await userB.PostAsync($"/api/turns/{turnId}/cancel", null, Token)).StatusCode);

        using var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        socket.Options.CollectHttpResponseDetails = true;
        var address = new UriBuilder(harness.Gateways[0].Address) { Scheme = "ws", Path = $"/ws/conversations/{conversation}" }.Uri;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(address, Token));
        Assert.Equal(HttpStatusCode.NotFound, socket.HttpStatusCode);

        var call = await harness.Llm.Behaviour.FirstCall.WaitAsync(TimeSpan.FromSeconds(15), Token);
        Assert.False(call.Ended.IsCompleted, "user B's cancel stopped user A's turn");
        Assert.Equal(HttpStatusCode.Accepted, (await harness.Client().PostAsync($"/api/turns/{turnId}/cancel", null, Token)).StatusCode);
        Assert.Equal("cancelled", await call.Ended.WaitAsync(TimeSpan.FromSeconds(15), Token));
    }

    [Fact]
    public async Task TheWebPagesSessionCallGivesAnHttpOnlySameSiteIdentityCookieThatKeepsItsConversations()
    {
        await using var harness = await GatewayHarness.StartAsync(environment);
        var cookies = new CookieContainer();
        using var browser = harness.Gateways[0].CreateClient(cookies);
        browser.DefaultRequestHeaders.Add("Origin", harness.Gateways[0].Address.GetLeftPart(UriPartial.Authority));

        using var before = await browser.PostAsJsonAsync("/api/conversations", new { language = "en" }, Token);
        using var session = await browser.PostAsync("/api/session", null, Token);
        var setCookie = session.Headers.GetValues("Set-Cookie").Single();
        using var created = await browser.PostAsJsonAsync("/api/conversations", new { language = "en" }, Token);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        Assert.False(before.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.NoContent, session.StatusCode);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/api/conversations/{id}", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await harness.Client().GetAsync($"/api/conversations/{id}", Token)).StatusCode);
    }

    [Fact]
    public async Task WithAnonymousBrowsersOffARequestWithoutCredentialsIs401AndABadKeyIs401()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, settings: new Dictionary<string, string?> { ["Gateway__Identity__AnonymousBrowsers"] = "false" });
        using var anonymous = harness.Gateways[0].CreateClient(new CookieContainer());
        using var badKey = harness.Gateways[0].CreateClient();
        badKey.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "pk_not_a_real_key_000000000000");

        using var noCredentials = await anonymous.PostAsJsonAsync("/api/conversations", new { }, Token);
        using var wrongKey = await badKey.PostAsJsonAsync("/api/conversations", new { }, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, noCredentials.StatusCode);
        Assert.Equal("application/problem+json", noCredentials.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health", Token)).StatusCode);
    }

    [Fact]
    public async Task AKeyCreatedThroughTheApiActsAsTheSameUser()
    {
        await using var harness = await GatewayHarness.StartAsync(environment);
        var conversation = await harness.CreateConversationAsync();

        using var created = await harness.Client().PostAsJsonAsync("/api/keys", new { name = "ci" }, Token);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("key").GetString();
        using var second = harness.Gateways[0].CreateClient();
        second.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("pk_", key, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync($"/api/conversations/{conversation}", Token)).StatusCode);
    }

    [Fact]
    public async Task TheConversationListHoldsOnlyTheUsersOwnNewestFirstTitledByTheFirstMessage()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 1, TokenInterval = TimeSpan.Zero });
        var older = await harness.CreateConversationAsync();
        var newer = await harness.CreateConversationAsync();
        using (var turn = await harness.Client().PostAsJsonAsync($"/api/conversations/{newer}/turns", new { content = "Where is the station?" }, Token))
        {
            turn.EnsureSuccessStatusCode();
        }

        using var userB = await harness.Gateways[0].CreateBrowserAsync();
        await userB.PostAsJsonAsync("/api/conversations", new { language = "fr" }, Token);

        var mine = await harness.Client().GetFromJsonAsync<JsonElement>("/api/conversations", Token);
        var theirs = await userB.GetFromJsonAsync<JsonElement>("/api/conversations", Token);

        Assert.Equal([newer, older], mine.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        Assert.Equal("Where is the station?", mine[0].GetProperty("title").GetString());
        Assert.Equal("fr", Assert.Single(theirs.EnumerateArray()).GetProperty("language").GetString());
    }
}
