using System.Text.Json;
using Platform.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Platform.Web.Tests.Chat;

public sealed class ReloadTests(WebPlatform platform)
{
    [Fact]
    public async Task Reloading_mid_stream_continues_the_reply_where_it_was_with_nothing_duplicated()
    {
        const int Tokens = 80;
        var source = platform.ShapeSynthetic(tokens: Tokens, interval: TimeSpan.FromMilliseconds(40));
        var whole = SyntheticWords.Reply(Tokens);
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway);
        var conversationId = await chat.StartConversationAsync();
        await chat.SendAsync("Keep going after a reload.");
        await Expect(chat.LastReplyBody).ToContainTextAsync("w10");
        var inFlight = await chat.Page.EvaluateAsync<JsonElement>("id => JSON.parse(sessionStorage.getItem(`platform.turn-in-flight.${id}`))", conversationId);
        var turnId = inFlight.GetProperty("turnId").GetString();
        Assert.False(string.IsNullOrEmpty(turnId));
        Assert.True(inFlight.GetProperty("lastSeq").GetInt64() > 10, $"The recorded in-flight turn is {inFlight}.");

        await chat.Page.ReloadAsync();

        Assert.False(source.Calls.Last().Ended.IsCompleted, "The reply had already ended when the page came back, so nothing was resumed mid-stream.");
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");
        Assert.Equal(whole, await chat.LastReplyBody.TextContentAsync());
        await Expect(chat.UserMessages).ToHaveCountAsync(1);
        await Expect(chat.Replies).ToHaveCountAsync(1);
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-turn-id", turnId!);

        var afterReload = await chat.ReplyTextsAsync();
        var streamed = afterReload.Where(s => s.Status == "streaming").ToList();
        Assert.True(streamed.Count >= 2, $"After the reload the reply did not go on streaming: {string.Join(" | ", afterReload)}");
        Assert.All(afterReload, s => Assert.StartsWith(s.Text, whole, StringComparison.Ordinal));
        Assert.Equal(whole, StoredConversation.Content(StoredConversation.OnlyReply(await chat.StoredConversationAsync(conversationId))));
        Assert.Equal("null", await chat.Page.EvaluateAsync<string>("id => String(sessionStorage.getItem(`platform.turn-in-flight.${id}`))", conversationId));
    }
}
