using System.Net.WebSockets;
using System.Text;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing.SyntheticLlm;

namespace Platform.Gateway.Tests.Realtime;

public sealed class ConversationSocketTests(GatewayEnvironment environment)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PingGetsPong()
    {
        await using var harness = await GatewayHarness.StartAsync(environment);
        using var socket = await GatewaySocket.ConnectAsync(harness, await harness.CreateConversationAsync());

        await socket.SendAsync(new { type = "ping" });

        Assert.Equal("pong", (await socket.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task TwoConnectionsOnOneConversationOnDifferentReplicasBothReceiveTheSameTurn()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 6, TokenInterval = TimeSpan.FromMilliseconds(20) }, replicas: 2);
        var conversation = await harness.CreateConversationAsync();
        using var sender = await GatewaySocket.ConnectAsync(harness, conversation, replica: 0);
        using var watcher = await GatewaySocket.ConnectAsync(harness, conversation, replica: 1);
        await watcher.SendAsync(new { type = "ping" });
        await watcher.ReceiveAsync();

        await sender.SendAsync(new { type = "message", content = "Hello" });
        var accepted = await sender.ReceiveAsync();
        var seenBySender = await sender.ReceiveTurnAsync();
        var seenByWatcher = await watcher.ReceiveTurnAsync();

        Assert.Equal("accepted", accepted.GetProperty("type").GetString());
        Assert.Equal(accepted.GetProperty("turnId").GetGuid(), seenBySender[0].GetProperty("turnId").GetGuid());
        Assert.Equal(["start", "chunk", "chunk", "chunk", "chunk", "chunk", "chunk", "complete"], seenBySender.Select(f => f.GetProperty("type").GetString()));
        Assert.Equal(seenBySender.Select(f => f.GetRawText()), seenByWatcher.Select(f => f.GetRawText()));
        Assert.Equal("w0 w1 w2 w3 w4 w5", seenBySender[^1].GetProperty("data").GetProperty("text").GetString());
    }

    [Fact]
    public async Task MalformedFrameGetsAnErrorFrameAndTheSocketStaysOpen()
    {
        await using var harness = await GatewayHarness.StartAsync(environment);
        using var socket = await GatewaySocket.ConnectAsync(harness, await harness.CreateConversationAsync());

        await socket.Socket.SendAsync(Encoding.UTF8.GetBytes("{not json"), WebSocketMessageType.Text, true, Token);
        var error = await socket.ReceiveAsync();
        await socket.SendAsync(new { type = "teleport" });
        var unknown = await socket.ReceiveAsync();
        await socket.SendAsync(new { type = "ping" });
        var pong = await socket.ReceiveAsync();

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("bad_frame", error.GetProperty("data").GetProperty("code").GetString());
        Assert.Equal("bad_frame", unknown.GetProperty("data").GetProperty("code").GetString());
        Assert.Equal("pong", pong.GetProperty("type").GetString());
        Assert.Equal(WebSocketState.Open, socket.Socket.State);
    }

    [Fact]
    public async Task CancelFrameStopsTheTurn()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 1_000, TokenInterval = TimeSpan.FromMilliseconds(20) });
        using var socket = await GatewaySocket.ConnectAsync(harness, await harness.CreateConversationAsync());

        await socket.SendAsync(new { type = "message", content = "Go" });
        System.Text.Json.JsonElement frame;
        var chunks = 0;
        do
        {
            frame = await socket.ReceiveAsync();
            if (frame.GetProperty("type").GetString() == "chunk" && ++chunks == 2)
            {
                await socket.SendAsync(new { type = "cancel" });
            }
        }
        while (frame.GetProperty("type").GetString() != "complete");

        Assert.Equal("cancelled", frame.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("cancelled", await harness.Llm.Behaviour.Calls.Single().Ended.WaitAsync(TimeSpan.FromSeconds(15), Token));
    }
}
