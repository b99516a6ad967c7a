using Microsoft.Playwright;
using Platform.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Platform.Web.Tests.Layout;

public sealed class LayoutTests(WebPlatform platform)
{
    private static readonly string[] MarkdownReply =
    [
        "¡Claro! Here are a few things you could *order* at a **café**:\n\n",
        "- un café con leche\n- una tostada con tomate\n- un zumo de naranja\n\n",
        "To ask for the bill, say `La cuenta, por favor.` For example:\n\n",
        "```text\nCliente: ¿Me trae la cuenta, por favor?\nCamarero: Ahora mismo.\n```\n\n",
        "More phrases are in [this guide](https://example.com/spanish/cafe).",
    ];

    [Fact]
    public async Task At_desktop_and_phone_width_the_whole_page_fits_and_screenshots_are_written()
    {
        platform.ShapeSynthetic(interval: TimeSpan.FromMilliseconds(15), script: MarkdownReply);
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway, ChatPage.Desktop);
        await chat.StartConversationAsync("es", "A2", "Ordering at a café");
        await chat.SendAsync("¿Qué puedo pedir?");
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");
        platform.ShapeSynthetic(tokens: 400, interval: TimeSpan.FromMilliseconds(30));
        await chat.SendAsync("Cuéntame más, despacio.");
        await Expect(chat.LastReplyBody).ToContainTextAsync("w12");
        await chat.StopButton.ClickAsync();
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "cancelled");
        await chat.SendAsync("Una vez más.");
        await Expect(chat.LastReplyBody).ToContainTextAsync("w8");
        await Expect(chat.LastReply.Locator(".cursor")).ToBeVisibleAsync();

        await chat.Page.ScreenshotAsync(new() { Path = Artifacts.ScreenshotPath("desktop-streaming") });
        await AssertFitsAsync(chat, ChatPage.Desktop);
        var voice = chat.Page.GetByRole(AriaRole.Button, new() { Name = "Hold to speak" });
        await Expect(voice).ToBeDisabledAsync();
        await Expect(voice).ToHaveAccessibleDescriptionAsync("This server does not offer voice.");
        await Expect(chat.Page.GetByRole(AriaRole.Complementary, new() { Name = "Conversation notes" })).ToBeHiddenAsync();

        await chat.Page.SetViewportSizeAsync(ChatPage.Phone.Width, ChatPage.Phone.Height);
        await Expect(chat.LastReplyBody).ToContainTextAsync("w30");
        await chat.Page.ScreenshotAsync(new() { Path = Artifacts.ScreenshotPath("phone-streaming") });
        await AssertFitsAsync(chat, ChatPage.Phone);
        await Expect(chat.Page.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" })).ToBeHiddenAsync();
        await Expect(chat.StopButton).ToBeInViewportAsync();
        await Expect(chat.MessageBox).ToBeInViewportAsync();

        await chat.Page.Keyboard.PressAsync("Escape");
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "cancelled");
        var menu = chat.Page.GetByRole(AriaRole.Button, new() { Name = "Conversations" });
        await menu.ClickAsync();
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(chat.Page.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" })).ToBeInViewportAsync(new() { Ratio = 1 });
        await chat.Page.ScreenshotAsync(new() { Path = Artifacts.ScreenshotPath("phone-conversations") });
        await AssertFitsAsync(chat, ChatPage.Phone);
        await chat.Page.Keyboard.PressAsync("Escape");
        await Expect(chat.Page.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" })).ToBeHiddenAsync();
        await Expect(menu).ToBeFocusedAsync();

        await menu.ClickAsync();
        await chat.Page.Mouse.ClickAsync(ChatPage.Phone.Width - 20, ChatPage.Phone.Height / 2);
        await Expect(chat.Page.GetByRole(AriaRole.Navigation, new() { Name = "Conversations" })).ToBeHiddenAsync();
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
    }

    private static async Task AssertFitsAsync(ChatPage chat, ViewportSize viewport)
    {
        Assert.Equal(viewport.Width, await chat.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        Assert.Equal(viewport.Height, await chat.Page.EvaluateAsync<int>("() => document.documentElement.scrollHeight"));
    }
}
