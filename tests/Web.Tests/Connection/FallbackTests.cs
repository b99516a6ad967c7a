using Microsoft.Playwright;
using Platform.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Platform.Web.Tests.Connection;

public sealed class FallbackTests(WebPlatform platform)
{
    [Fact]
    public async Task After_five_failed_reconnects_replies_stream_over_SSE_then_come_whole_as_JSON_until_Reconnect_restores_the_WebSocket()
    {
        const int Tokens = 30;
        platform.ShapeSynthetic(tokens: Tokens, interval: TimeSpan.FromMilliseconds(20));
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway);
        var conversationId = await chat.StartConversationAsync();
        var webSockets = await FailWebSocketsUntilFallbackAsync(chat);

        await Expect(chat.Status).ToHaveAttributeAsync("data-state", "sse");
        await Expect(chat.StatusText).ToContainTextAsync("Connected over HTTP streaming");
        await chat.SendAsync("Over SSE.");
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");
        var overSse = await chat.ReplyTextsAsync();
        Assert.True(overSse.Count(s => s.Status == "streaming") >= 2, $"The reply over SSE did not stream: {string.Join(" | ", overSse)}");
        Assert.Equal(SyntheticWords.Reply(Tokens), await chat.LastReplyBody.TextContentAsync());

        await chat.Page.RouteAsync("**/api/conversations/*/turns", route =>
            route.Request.Headers.TryGetValue("accept", out var accept) && accept.Contains("text/event-stream", StringComparison.Ordinal)
                ? route.AbortAsync()
                : route.FallbackAsync());
        await chat.SendAsync("Without a stream.");

        await Expect(chat.Status).ToHaveAttributeAsync("data-state", "json");
        await Expect(chat.Replies).ToHaveCountAsync(2);
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");
        Assert.Equal(SyntheticWords.Reply(Tokens), await chat.LastReplyBody.TextContentAsync());
        var shown = (await chat.ReplyTextsAsync()).ToList();
        var whole = shown.Skip(shown.FindLastIndex(s => s.Status == "waiting")).ToList();
        Assert.True(whole[0].Typing, "No typing dots while the JSON answer was awaited.");
        Assert.DoesNotContain(whole, s => s.Status == "streaming");

        var stored = await chat.StoredConversationAsync(conversationId);
        Assert.Equal(2, StoredConversation.Messages(stored, "user").Count);
        Assert.All(StoredConversation.Messages(stored, "assistant"), reply => Assert.Equal(SyntheticWords.Reply(Tokens), StoredConversation.Content(reply)));

        webSockets.Blocked = false;
        await chat.Status.GetByRole(AriaRole.Button, new() { Name = "Reconnect" }).ClickAsync();
        await Expect(chat.Status).ToHaveAttributeAsync("data-state", "open");
        await Expect(chat.Status.GetByRole(AriaRole.Button, new() { Name = "Reconnect" })).ToBeHiddenAsync();
    }

    [Fact]
    public async Task On_a_fallback_the_page_tries_the_WebSocket_again_by_itself_and_returns_to_it_once_it_answers()
    {
        platform.ShapeSynthetic(tokens: 10);
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway);
        await chat.StartConversationAsync();
        var webSockets = await FailWebSocketsUntilFallbackAsync(chat);
        await Expect(chat.Status).ToHaveAttributeAsync("data-state", "sse");
        var triedBeforeProbe = webSockets.Opened;

        webSockets.Blocked = false;
        await chat.Page.Clock.FastForwardAsync("00:31");

        await Expect(chat.Status).ToHaveAttributeAsync("data-state", "open");
        Assert.Equal(triedBeforeProbe + 1, webSockets.Opened);
        await chat.SendAsync("Back on the WebSocket.");
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");
        Assert.Equal(SyntheticWords.Reply(10), await chat.LastReplyBody.TextContentAsync());
    }

    /// <summary>
    /// Closes every WebSocket of the page as soon as it opens, while <see cref="WebSocketGate.Blocked"/>, and takes over
    /// the page's clock so that the five back-off delays (0.5 s to 8 s) take no real time; returns once the page has
    /// used up its five attempts.
    /// </summary>
    private static async Task<WebSocketGate> FailWebSocketsUntilFallbackAsync(ChatPage chat)
    {
        var gate = new WebSocketGate();
        await chat.Page.RouteWebSocketAsync("**/ws/conversations/**", gate.Handle);
        await chat.Page.Clock.InstallAsync();
        await chat.Page.ReloadAsync();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await chat.ConnectionLabelShownAsync($"Reconnecting (attempt {attempt} of 5)…");
            await chat.Page.Clock.FastForwardAsync("00:10");
        }

        return gate;
    }

    private sealed class WebSocketGate
    {
        private int opened;
        private volatile bool blocked = true;

        public bool Blocked
        {
            get => blocked;
            set => blocked = value;
        }

        public int Opened => Volatile.Read(ref opened);

        public void Handle(IWebSocketRoute socket)
        {
            Interlocked.Increment(ref opened);
            if (blocked)
            {
                _ = socket.CloseAsync();
            }
            else
            {
                socket.ConnectToServer();
            }
        }
    }
}
