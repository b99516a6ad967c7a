using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Playwright;
using Platform.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Platform.Web.Tests.Connection;

public sealed class ReconnectTests(WebPlatform platform)
{
    [Fact]
    public async Task A_WebSocket_dropped_mid_reply_reconnects_and_resumes_the_same_reply_with_nothing_duplicated()
    {
        const int Tokens = 80;
        platform.ShapeSynthetic(tokens: Tokens, interval: TimeSpan.FromMilliseconds(40));
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway);
        // Each socket goes through to the Gateway; the test can cut one, as a network drop would.
        var sockets = new ConcurrentQueue<IWebSocketRoute>();
        await chat.Page.RouteWebSocketAsync("**/ws/conversations/**", socket =>
        {
            socket.ConnectToServer();
            sockets.Enqueue(socket);
        });
        var conversationId = await chat.StartConversationAsync();
        await chat.SendAsync("Do not lose your place.");
        await Expect(chat.LastReplyBody).ToContainTextAsync("w10");

        await sockets.Last().CloseAsync(new() { Code = 1006 });

        await chat.ConnectionLabelShownAsync("Reconnecting (attempt 1 of 5)…");
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");
        var whole = SyntheticWords.Reply(Tokens);
        Assert.Equal(whole, await chat.LastReplyBody.TextContentAsync());
        Assert.Equal(2, sockets.Count);
        var shown = await chat.ReplyTextsAsync();
        Assert.All(shown, s => Assert.StartsWith(s.Text, whole, StringComparison.Ordinal));
        Assert.True(shown.Count(s => s.Status == "streaming") > Tokens / 2, $"The reply did not keep streaming after the reconnect: {string.Join(" | ", shown)}");
        Assert.Equal(whole, StoredConversation.Content(StoredConversation.OnlyReply(await chat.StoredConversationAsync(conversationId))));
    }

    [Fact]
    public async Task A_connection_that_stops_answering_pings_is_dropped_and_replaced()
    {
        platform.ShapeSynthetic(tokens: 5);
        await using var chat = await platform.OpenPageAsync(platform.SyntheticGateway);
        await chat.StartConversationAsync();
        // The next socket goes through to the Gateway but its pings never arrive, as on a half-open connection;
        // the one after it works again. The page's clock is ours, so the heartbeat's timeout takes no real time.
        var sockets = 0;
        await chat.Page.RouteWebSocketAsync("**/ws/conversations/**", socket =>
        {
            var server = socket.ConnectToServer();
            var silent = Interlocked.Increment(ref sockets) == 1;
            socket.OnMessage(frame =>
            {
                if (frame.Text is { } text && !(silent && text.Contains("\"ping\"", StringComparison.Ordinal)))
                {
                    server.Send(text);
                }
            });
        });
        await chat.Page.Clock.InstallAsync();
        await chat.Page.ReloadAsync();
        await Expect(chat.Status).ToHaveAttributeAsync("data-state", "open");

        await chat.Page.Clock.FastForwardAsync("00:06");

        await chat.ConnectionLabelShownAsync("Reconnecting (attempt 1 of 5)…");
        await chat.Page.Clock.FastForwardAsync("00:01");
        await Expect(chat.Status).ToHaveAttributeAsync("data-state", "open");
        Assert.Equal(2, sockets);
        await chat.SendAsync("Still there?");
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");
    }

    [Fact]
    public async Task When_the_Gateway_dies_the_page_shows_it_reconnects_once_it_is_back_and_keeps_working()
    {
        platform.ShapeSynthetic(tokens: 10, interval: TimeSpan.FromMilliseconds(10));
        await using var gateway = platform.CreateGateway(platform.SyntheticSource);
        await gateway.InitializeAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        await using var chat = await platform.OpenPageAsync(gateway.BaseAddress);
        var conversationId = await chat.StartConversationAsync();
        await chat.SendAsync("Before the outage.");
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");

        var crashed = gateway.ProcessId;
        using (var process = Process.GetProcessById(crashed))
        {
            process.Kill();
        }

        await Expect(chat.Status).ToHaveAttributeAsync("data-state", "reconnecting");
        await Expect(chat.StatusText).ToContainTextAsync("Reconnecting (attempt");
        await Expect(chat.SendButton).ToBeDisabledAsync();
        await gateway.WaitForRestartAsync(gateway.ResourceName, crashed, TimeSpan.FromSeconds(60));
        // Within the five attempts when the restart is quick; through the fallback's 30 s WebSocket probe when it is not.
        await Expect(chat.Status).ToHaveAttributeAsync("data-state", "open", new() { Timeout = 45_000 });
        await Expect(chat.StatusText).ToHaveTextAsync("Connected");

        await chat.SendAsync("After the outage.");
        await Expect(chat.Replies).ToHaveCountAsync(2);
        await Expect(chat.LastReply).ToHaveAttributeAsync("data-status", "complete");
        Assert.Equal(SyntheticWords.Reply(10), await chat.LastReplyBody.TextContentAsync());

        var states = await chat.ConnectionStatesAsync();
        var dropped = states.ToList().IndexOf("reconnecting");
        Assert.True(dropped > 0 && states[dropped - 1] == "open" && states.Skip(dropped).Contains("open"), $"Connection states: {string.Join(" → ", states)}");
        var replies = StoredConversation.Messages(await chat.StoredConversationAsync(conversationId), "assistant");
        Assert.Equal(["complete", "complete"], replies.Select(StoredConversation.Status));
    }
}
