using Microsoft.Playwright;
using Platform.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Platform.Web.Tests.Chat;

public sealed class AutoScrollTests(WebPlatform platform)
{
    private const string DistanceFromEnd = "log => log.scrollHeight - log.scrollTop - log.clientHeight";

    [Fact]
    public async Task The_log_follows_a_growing_reply_but_not_while_the_reader_has_scrolled_up()
    {
        var lines = Enumerable.Range(0, 120).Select(i => $"Line {i} of a long reply.\n\n").ToArray();
        platform.ShapeSynthetic(interval: TimeSpan.FromMilliseconds(40), script: lines);
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway, new ViewportSize { Width = 1000, Height = 600 });
        await chat.StartConversationAsync();
        await chat.SendAsync("A long one, please.");

        await Expect(chat.LastReplyBody).ToContainTextAsync("Line 25 of");
        Assert.True(await chat.Messages.EvaluateAsync<double>(DistanceFromEnd) <= 1, "The log did not follow the reply to its end.");

        await chat.Messages.EvaluateAsync("log => log.scrollBy({ top: -400, behavior: 'instant' })");
        await Expect(chat.Page.GetByRole(AriaRole.Button, new() { Name = "↓ Latest" })).ToBeVisibleAsync();
        var readingAt = await chat.Messages.EvaluateAsync<double>("log => log.scrollTop");
        await Expect(chat.LastReplyBody).ToContainTextAsync("Line 45 of");
        Assert.Equal(readingAt, await chat.Messages.EvaluateAsync<double>("log => log.scrollTop"));
        Assert.True(await chat.Messages.EvaluateAsync<double>(DistanceFromEnd) > 400, "The log moved while the reader was scrolled up.");

        await chat.Page.GetByRole(AriaRole.Button, new() { Name = "↓ Latest" }).ClickAsync();
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");
        Assert.True(await chat.Messages.EvaluateAsync<double>(DistanceFromEnd) <= 1, "After 'Latest' the log no longer followed the reply.");
        await Expect(chat.Page.GetByRole(AriaRole.Button, new() { Name = "↓ Latest" })).ToBeHiddenAsync();
    }
}
