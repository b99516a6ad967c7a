using Microsoft.Playwright;

namespace Platform.AppHost.Tests.Platform;

/// <summary>Debian's chromium, driven by Playwright, on the Aspire dashboard: a Blazor Server page that only a real browser renders.</summary>
public sealed class DashboardBrowser(Uri dashboard) : IAsyncDisposable
{
    private readonly SemaphoreSlim launching = new(1, 1);
    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>A fresh page at <paramref name="path"/>, tall enough that the dashboard's virtualised grids render every row of a turn.</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        await launching.WaitAsync();
        try
        {
            playwright ??= await Playwright.CreateAsync();
            browser ??= await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
        }
        finally
        {
            launching.Release();
        }

        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 4000 } });
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(new Uri(dashboard, path).ToString());
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        launching.Dispose();
    }
}
