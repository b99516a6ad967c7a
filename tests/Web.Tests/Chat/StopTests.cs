using Platform.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Platform.Web.Tests.Chat;

public sealed class StopTests(WebPlatform platform)
{
    private const int LongReply = 400;

    [Fact]
    public async Task Stop_during_streaming_ends_the_reply_and_shows_it_as_stopped_as_stored()
    {
        var source = platform.ShapeSynthetic(tokens: LongReply, interval: TimeSpan.FromMilliseconds(25));
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway);
        var conversationId = await chat.StartConversationAsync();
        await chat.SendAsync("Count for me, slowly.");
        await Expect(chat.LastReplyBody).ToContainTextAsync("w5");
        await Expect(chat.SendButton).ToBeHiddenAsync();

        await chat.StopButton.ClickAsync();

        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "cancelled");
        await Expect(chat.LastReply.Locator(".message__status")).ToHaveTextAsync("Stopped");
        await Expect(chat.LastReply.Locator(".cursor")).ToHaveCountAsync(0);
        await Expect(chat.SendButton).ToBeVisibleAsync();
        await Expect(chat.StopButton).ToBeHiddenAsync();
        Assert.Equal("cancelled", await source.Calls.Last().Ended.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        var reply = StoredConversation.OnlyReply(await chat.StoredConversationAsync(conversationId));
        Assert.Equal("cancelled", StoredConversation.Status(reply));
        Assert.Equal(StoredConversation.Content(reply), await chat.LastReplyBody.TextContentAsync());
        Assert.StartsWith("w0 w1 w2 w3 w4 w5", StoredConversation.Content(reply), StringComparison.Ordinal);
        Assert.DoesNotContain($"w{LongReply - 1}", StoredConversation.Content(reply), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enter_sends_Shift_Enter_adds_a_line_and_Escape_stops_the_reply()
    {
        platform.ShapeSynthetic(tokens: LongReply, interval: TimeSpan.FromMilliseconds(25));
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway);
        await chat.StartConversationAsync();

        await chat.MessageBox.FillAsync("first line");
        await chat.MessageBox.PressAsync("Shift+Enter");
        await chat.MessageBox.PressSequentiallyAsync("second line");
        await Expect(chat.MessageBox).ToHaveValueAsync("first line\nsecond line");
        await Expect(chat.UserMessages).ToHaveCountAsync(0);

        await chat.MessageBox.PressAsync("Enter");

        await Expect(chat.UserMessages).ToHaveCountAsync(1);
        Assert.Equal("first line\nsecond line", await chat.UserMessages.First.TextContentAsync());
        await Expect(chat.MessageBox).ToHaveValueAsync(string.Empty);
        await Expect(chat.LastReplyBody).ToContainTextAsync("w3");

        await chat.Page.Keyboard.PressAsync("Escape");

        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "cancelled");
        await Expect(chat.MessageBox).ToBeFocusedAsync();
    }
}
