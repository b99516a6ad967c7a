using System.Globalization;
using System.Text.Json;
using Platform.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Platform.Web.Tests.Chat;

public sealed class StreamingTests(WebPlatform platform)
{
    [Fact]
    public async Task Replies_from_the_real_model_appear_progressively_behind_a_cursor_and_end_as_the_stored_text()
    {
        await using var chat = await platform.OpenPageAsync(platform.ModelGateway);
        var conversationId = await chat.StartConversationAsync();

        // Two turns: the first also pays for warming the Gateway's turn pipeline, the second shows the steady pace.
        string[] messages = ["Once upon a time there was a cat.", "Then the cat found a big red ball."];
        for (var turn = 0; turn < messages.Length; turn++)
        {
            await chat.SendAsync(messages[turn]);

            await Expect(chat.Replies).ToHaveCountAsync(turn + 1);
            await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");
            var shown = (await chat.ReplyTextsAsync()).ToList();
            shown = shown[shown.FindLastIndex(s => s.Status == "waiting")..];
            Assert.True(shown[0] is { Text: "", Typing: true }, $"The reply began with {shown[0]}, not typing dots.");
            var final = shown[^1];
            Assert.False(final.Cursor || final.Typing, "The finished reply still shows a cursor or typing dots.");
            var intermediate = shown.Where(s => s.Status == "streaming" && s.Text.Length > 0 && s.Text != final.Text).ToList();
            Assert.True(intermediate.Count >= 2, $"Only {intermediate.Count} intermediate texts were shown before the end: {string.Join(" | ", shown)}");
            Assert.All(intermediate, s => Assert.True(s.Cursor, $"'{s.Text}' was shown without the cursor."));

            var stored = StoredConversation.Messages(await chat.StoredConversationAsync(conversationId), "assistant")[turn];
            Assert.Equal("complete", StoredConversation.Status(stored));
            Assert.Equal(await chat.RenderedMarkdownAsync(StoredConversation.Content(stored)), await chat.LastReplyBody.InnerHTMLAsync());
            var ttftMs = stored.GetProperty("ttftMs").GetDouble();
            await Expect(chat.LastReply.Locator(".message__ttft")).ToHaveTextAsync($"TTFT {ShownDuration(ttftMs)}");
            Report(turn + 1, stored, intermediate, ttftMs);
        }
    }

    /// <summary>How the page writes a duration: whole milliseconds below a second, else seconds with one decimal.</summary>
    private static string ShownDuration(double ms) => ms < 1000
        ? $"{Math.Round(ms, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture)} ms"
        : $"{(ms / 1000).ToString("0.0", CultureInfo.InvariantCulture)} s";

    private static void Report(int turn, JsonElement stored, IReadOnlyList<ReplySnapshot> intermediate, double ttftMs) =>
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"stories260K turn {turn}: {stored.GetProperty("completionTokens").GetInt32()} tokens, {StoredConversation.Content(stored).Length} characters, " +
            $"{intermediate.Count} intermediate texts over {intermediate[^1].At - intermediate[0].At:0} ms in the page, TTFT {ttftMs:0.0} ms, total {stored.GetProperty("totalMs").GetDouble():0} ms");
}
