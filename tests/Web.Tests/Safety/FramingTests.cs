using Microsoft.Playwright;
using Platform.Web.Tests.Infrastructure;

namespace Platform.Web.Tests.Safety;

public sealed class FramingTests(WebPlatform platform)
{
    [Fact]
    public async Task Chromium_refuses_to_show_the_page_in_a_frame_of_another_origin()
    {
        const string Framer = "http://framer.example/";
        await using var context = await platform.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.RouteAsync(Framer, route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"<!doctype html><title>framer</title><iframe src=\"{platform.SyntheticGateway}\" width=\"800\" height=\"600\"></iframe>",
        }));

        // The load event waits for the iframe too, whether it shows the page or Chromium's error page in its place.
        await page.GotoAsync(Framer, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        var frame = page.Frames.Single(f => f != page.MainFrame);

        Assert.StartsWith("chrome-error://", frame.Url, StringComparison.Ordinal);
        Assert.Null(await frame.QuerySelectorAsync("#messages"));
    }
}
