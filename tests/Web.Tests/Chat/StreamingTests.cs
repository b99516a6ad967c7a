using System.Globalization;
using Platform.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Platform.Web.Tests.Chat;

public sealed class StreamingTests(WebPlatform platform)
{
    [Fact]
    public async Task A_reply_from_the_real_model_appears_progressively_behind_a_cursor_and_ends_as_the_stored_text()
    {
        await using var chat = await platform.OpenPageAsync(platform.ModelGateway);
        var conversationId = await chat.StartConversationAsync();

        await chat.SendAsync("Once upon a time there was a cat.");

        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");
        var shown = await chat.ReplyTextsAsync();
        Assert.True(shown[0] is { Status: "waiting", Text: "", Typing: true }, $"The reply began with {shown[0]}, not typing dots.");
        var final = shown[^1];
        Assert.False(final.Cursor || final.Typing, "The finished reply still shows a cursor or typing dots.");
        var intermediate = shown.Where(s => s.Status == "streaming" && s.Text.Length > 0 && s.Text != final.Text).ToList();
        Assert.True(intermediate.Count >= 2, $"Only {intermediate.Count} intermediate texts were shown before the end: {string.Join(" | ", shown)}");
        Assert.All(intermediate, s => Assert.True(s.Cursor, $"'{s.Text}' was shown without the cursor."));

        var stored = (await chat.StoredConversationAsync(conversationId)).GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "assistant");
        Assert.Equal("complete", stored.GetProperty("status").GetString());
        Assert.Equal(await chat.RenderedMarkdownAsync(stored.GetProperty("content").GetString()!), await chat.LastReplyBody.InnerHTMLAsync());
        var ttftMs = stored.GetProperty("ttftMs").GetDouble();
        await Expect(chat.LastReply.Locator(".message__ttft")).ToHaveTextAsync($"TTFT {Math.Round(ttftMs, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture)} ms");

        var streamingMs = intermediate[^1].At - intermediate[0].At;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"stories260K reply: {stored.GetProperty("content").GetString()!.Length} characters, {intermediate.Count} intermediate texts over {streamingMs:0} ms, TTFT {ttftMs:0.0} ms");
    }
}
