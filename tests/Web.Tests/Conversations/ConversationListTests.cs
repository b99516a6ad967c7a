using Microsoft.Playwright;
using Platform.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Platform.Web.Tests.Conversations;

public sealed class ConversationListTests(WebPlatform platform)
{
    [Fact]
    public async Task New_conversations_keep_their_language_level_and_scenario_and_are_listed_to_reopen()
    {
        platform.ShapeSynthetic(tokens: 5);
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway);
        var list = chat.Page.GetByRole(AriaRole.List, new() { Name = "Conversations" });
        await Expect(list).ToHaveTextAsync("No conversations yet.");

        var market = await chat.StartConversationAsync("es", "A2", "At the market");

        await Expect(chat.Page.Locator("#chat-settings")).ToHaveTextAsync("es · A2 · At the market");
        await Expect(list.GetByRole(AriaRole.Link)).ToHaveCountAsync(1);
        await Expect(list.GetByRole(AriaRole.Link)).ToContainTextAsync("es · A2 · At the market");
        await Expect(list.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("aria-current", "page");
        var stored = await chat.StoredConversationAsync(market);
        Assert.Equal(("es", "A2", "At the market"), (stored.GetProperty("language").GetString(), stored.GetProperty("level").GetString(), stored.GetProperty("scenario").GetString()));

        await chat.SendAsync("Hola, quiero manzanas.");
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");
        await Expect(list.GetByRole(AriaRole.Link, new() { Name = "Hola, quiero manzanas." })).ToBeVisibleAsync();

        await chat.StartConversationAsync("fr", "C1");
        await Expect(list.GetByRole(AriaRole.Link)).ToHaveCountAsync(2);
        await Expect(chat.Replies).ToHaveCountAsync(0);

        await list.GetByRole(AriaRole.Link, new() { Name = "Hola, quiero manzanas." }).ClickAsync();
        await Expect(chat.Page).ToHaveURLAsync($"{platform.SyntheticGateway}#/conversations/{market}");
        await Expect(chat.UserMessages).ToHaveTextAsync(["Hola, quiero manzanas."]);
        await Expect(chat.LastReplyBody).ToHaveTextAsync(SyntheticWords.Reply(5));
        await Expect(chat.Status).ToHaveAttributeAsync("data-state", "open");
    }

    [Fact]
    public async Task A_new_visitor_gets_its_identity_before_its_first_request_so_nothing_of_the_first_visit_is_refused()
    {
        platform.ShapeSynthetic(tokens: 3);
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway);

        await chat.StartConversationAsync("de", "B1");
        await chat.SendAsync("Hallo!");
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");

        Assert.Empty(chat.RefusedRequests);
        Assert.Empty(chat.PageErrors);
    }

    [Fact]
    public async Task A_setting_the_Gateway_refuses_is_explained_next_to_the_form()
    {
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway);

        await chat.Page.GetByLabel("Language").FillAsync("not a tag");
        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "Start conversation" }).ClickAsync();

        await Expect(chat.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'not a tag' is not a language tag");
        await Expect(chat.Page.GetByRole(AriaRole.List, new() { Name = "Conversations" })).ToHaveTextAsync("No conversations yet.");
    }
}
