using System.Net;

namespace Platform.AppHost.Tests.Dashboard;

public sealed class DashboardPagesTests
{
    [Fact]
    public async Task The_pages_are_served_as_plain_modules_under_a_same_origin_content_security_policy()
    {
        await using var dashboard = await DashboardHost.StartAsync();

        using var page = await dashboard.Http.GetAsync("/", TestContext.Current.CancellationToken);
        using var module = await dashboard.Http.GetAsync("/pages/trace.js", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"app.js\">", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, module.StatusCode);
        Assert.Equal("text/javascript", module.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("innerHTML", await module.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_naming_another_host_is_refused_so_a_rebound_dns_name_cannot_reach_the_dashboard()
    {
        await using var dashboard = await DashboardHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/traces");
        request.Headers.Host = "attacker.example";

        using var refused = await dashboard.Http.SendAsync(request, TestContext.Current.CancellationToken);
        using var local = await dashboard.Http.GetAsync("/api/traces", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }
}
