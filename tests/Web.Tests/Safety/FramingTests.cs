using System.Net;
using System.Text;
using Microsoft.Playwright;
using Platform.AppHost.Servers;
using Platform.Web.Tests.Infrastructure;

namespace Platform.Web.Tests.Safety;

public sealed class FramingTests(WebPlatform platform)
{
    [Fact]
    public async Task Chromium_refuses_to_show_the_page_in_a_frame_of_another_origin()
    {
        // A real server on another loopback port: another origin in the same address space, so Chromium's
        // private-network rules (which block a public page framing a loopback one) play no part, only the page's headers.
        using var framer = new HttpListener();
        var port = LoopbackPort.Free();
        framer.Prefixes.Add($"http://127.0.0.1:{port}/");
        framer.Start();
        var serving = ServeAsync(framer, $"<!doctype html><title>framer</title><iframe src=\"{platform.SyntheticGateway}\" width=\"800\" height=\"600\"></iframe>");
        await using var context = await platform.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        // The load event waits for the iframe too, whether it shows the page or Chromium's error page in its place.
        await page.GotoAsync($"http://127.0.0.1:{port}/", new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        var frame = page.Frames.Single(f => f != page.MainFrame);
        // Chromium can fire the load event before the frame's (error) navigation is committed, with its URL still empty.
        var committed = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (frame.Url.Length == 0 && DateTime.UtcNow < committed)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);
        }

        Assert.StartsWith("chrome-error://", frame.Url, StringComparison.Ordinal);
        Assert.Null(await frame.QuerySelectorAsync("#messages"));
        framer.Stop();
        await serving;
    }

    private static async Task ServeAsync(HttpListener listener, string html)
    {
        try
        {
            while (listener.IsListening)
            {
                var request = await listener.GetContextAsync();
                var body = Encoding.UTF8.GetBytes(html);
                request.Response.ContentType = "text/html; charset=utf-8";
                await request.Response.OutputStream.WriteAsync(body);
                request.Response.Close();
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            // Stopped by the test.
        }
    }
}
