using Microsoft.Playwright;
using Platform.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Platform.Web.Tests.Scenarios;

public sealed class RolePlayTests(WebPlatform platform)
{
    [Fact]
    public async Task In_the_German_restaurant_ordering_a_drink_ticks_the_checklist_and_raises_the_score_while_the_reply_streams()
    {
        platform.ShapeSynthetic(tokens: 40, interval: TimeSpan.FromMilliseconds(100));
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway);
        var objectives = chat.Page.GetByRole(AriaRole.Region, new() { Name = "Objectives" });

        await chat.Page.GetByLabel("Role-play").SelectOptionAsync("de-restaurant");
        await Expect(chat.Page.GetByLabel("Language")).ToBeHiddenAsync();
        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "Start conversation" }).ClickAsync();
        await Expect(chat.Status).ToHaveAttributeAsync("data-state", "open");

        var opening = chat.Page.GetByRole(AriaRole.Article, new() { Name = "Hans" });
        await Expect(opening).ToContainTextAsync("Guten Abend und herzlich willkommen! Ich bin Hans.");
        await Expect(objectives).ToContainTextAsync("Score: 0");
        await Expect(objectives.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(5);
        await Expect(objectives.Locator("li[data-done=true]")).ToHaveCountAsync(0);

        await chat.SendAsync("Guten Abend! Ich hätte gern ein Bier, bitte.");

        await Expect(objectives.Locator("li[data-done=true]")).ToHaveCountAsync(2);
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", new System.Text.RegularExpressions.Regex("^(waiting|streaming)$"));
        await Expect(objectives.Locator("[data-part=score]")).ToHaveTextAsync("Score: 30");
        await Expect(objectives.Locator("[data-part=cue]")).ToHaveTextAsync("+30");
        await Expect(objectives.Locator("li[data-objective-id=greet]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^✓Done: Greet Hans"));
        await Expect(objectives.Locator("li[data-objective-id=order-drink]")).ToHaveAttributeAsync("data-done", "true");
        await Expect(objectives.GetByRole(AriaRole.Status)).ToHaveTextAsync("Objective completed: Greet Hans, Order a drink. +30 points, score 30.");
        await Expect(chat.LastReply).ToHaveAttributeAsync("aria-label", "Hans");
        await Expect(chat.LastReply.Locator(".message__author")).ToHaveTextAsync("Hans");
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");

        await chat.Page.ReloadAsync();
        await Expect(objectives.Locator("[data-part=score]")).ToHaveTextAsync("Score: 30");
        await Expect(objectives.Locator("li[data-done=true]")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task A_Hebrew_message_and_a_Hebrew_reply_render_right_to_left_in_the_log_the_composer_and_the_list()
    {
        platform.ShapeSynthetic(script: ["שלום", " ", "וברוכים", " ", "הבאים"], interval: TimeSpan.FromMilliseconds(20));
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway);
        await chat.StartConversationAsync("he", "A2");

        await chat.MessageBox.FillAsync("שלום, מה שלומך?");
        Assert.Equal("rtl", await DirectionAsync(chat.MessageBox));
        await chat.MessageBox.PressAsync("Enter");
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");
        await Expect(chat.LastReplyBody).ToHaveTextAsync("שלום וברוכים הבאים");

        Assert.Equal("rtl", await DirectionAsync(chat.UserMessages.Last.Locator(".message__text")));
        Assert.Equal("rtl", await DirectionAsync(chat.LastReplyBody));
        var listed = chat.Page.GetByRole(AriaRole.List, new() { Name = "Conversations" }).Locator(".conversation-list__title", new() { HasText = "שלום, מה שלומך?" });
        await Expect(listed).ToBeVisibleAsync();
        Assert.Equal("rtl", await DirectionAsync(listed));

        await chat.MessageBox.FillAsync("Hello");
        Assert.Equal("ltr", await DirectionAsync(chat.MessageBox));
    }

    [Fact]
    public async Task Typing_into_a_fresh_page_starts_a_conversation_and_sends_the_message_without_any_other_click()
    {
        platform.ShapeSynthetic(tokens: 5);
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway);
        await Expect(chat.MessageBox).ToBeFocusedAsync();

        await chat.Page.Keyboard.TypeAsync("Hello from a fresh page");
        await chat.Page.Keyboard.PressAsync("Enter");

        await Expect(chat.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/conversations/[0-9a-f-]{36}$"));
        await Expect(chat.UserMessages).ToHaveTextAsync(["Hello from a fresh page"]);
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");
        var conversation = chat.Page.Url[(chat.Page.Url.LastIndexOf('/') + 1)..];
        var stored = await chat.StoredConversationAsync(conversation);
        Assert.Equal("Hello from a fresh page", StoredConversation.Content(Assert.Single(StoredConversation.Messages(stored, "user"))));
        Assert.Equal("complete", StoredConversation.Status(StoredConversation.OnlyReply(stored)));
    }

    [Fact]
    public async Task The_page_names_a_favicon_that_the_Gateway_serves()
    {
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway);

        var icon = await chat.Page.Locator("link[rel=icon]").GetAttributeAsync("href");
        var answer = await chat.Page.EvaluateAsync<string>("async href => { const r = await fetch(href); return `${r.status} ${r.headers.get('content-type')}`; }", icon);

        Assert.Equal("200 image/svg+xml", answer);
    }

    private static Task<string> DirectionAsync(ILocator element) => element.EvaluateAsync<string>("element => getComputedStyle(element).direction");
}
