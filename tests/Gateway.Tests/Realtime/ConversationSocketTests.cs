using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
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
        using var socket = await ConnectAsync(harness, await harness.CreateConversationAsync());

        await SendAsync(socket, new { type = "ping" });

        Assert.Equal("pong", (await ReceiveAsync(socket)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task TwoConnectionsOnOneConversationOnDifferentReplicasBothReceiveTheSameTurn()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 6, TokenInterval = TimeSpan.FromMilliseconds(20) }, replicas: 2);
        var conversation = await harness.CreateConversationAsync();
        using var sender = await ConnectAsync(harness, conversation, replica: 0);
        using var watcher = await ConnectAsync(harness, conversation, replica: 1);
        await SendAsync(watcher, new { type = "ping" });
        await ReceiveAsync(watcher);

        await SendAsync(sender, new { type = "message", content = "Hello" });
        var accepted = await ReceiveAsync(sender);
        var seenBySender = await ReceiveTurnAsync(sender);
        var seenByWatcher = await ReceiveTurnAsync(watcher);

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
        using var socket = await ConnectAsync(harness, await harness.CreateConversationAsync());

        await socket.SendAsync(Encoding.UTF8.GetBytes("{not json"), WebSocketMessageType.Text, true, Token);
        var error = await ReceiveAsync(socket);
        await SendAsync(socket, new { type = "teleport" });
        var unknown = await ReceiveAsync(socket);
        await SendAsync(socket, new { type = "ping" });
        var pong = await ReceiveAsync(socket);

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("bad_frame", error.GetProperty("data").GetProperty("code").GetString());
        Assert.Equal("bad_frame", unknown.GetProperty("data").GetProperty("code").GetString());
        Assert.Equal("pong", pong.GetProperty("type").GetString());
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task CancelFrameStopsTheTurn()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 1_000, TokenInterval = TimeSpan.FromMilliseconds(20) });
        using var socket = await ConnectAsync(harness, await harness.CreateConversationAsync());

        await SendAsync(socket, new { type = "message", content = "Go" });
        JsonElement frame;
        var chunks = 0;
        do
        {
            frame = await ReceiveAsync(socket);
            if (frame.GetProperty("type").GetString() == "chunk" && ++chunks == 2)
            {
                await SendAsync(socket, new { type = "cancel" });
            }
        }
        while (frame.GetProperty("type").GetString() != "complete");

        Assert.Equal("cancelled", frame.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("cancelled", await harness.Llm.Behaviour.Calls.Single().Ended.WaitAsync(TimeSpan.FromSeconds(5), Token));
    }

    private static async Task<ClientWebSocket> ConnectAsync(GatewayHarness harness, Guid conversation, int replica = 0)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {harness.ApiKey}");
        var address = new UriBuilder(harness.Gateways[replica].Address) { Scheme = "ws", Path = $"/ws/conversations/{conversation}" }.Uri;
        await socket.ConnectAsync(address, Token);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, object frame) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, Token);

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
    }

    private static async Task<List<JsonElement>> ReceiveTurnAsync(ClientWebSocket socket)
    {
        var frames = new List<JsonElement>();
        do
        {
            frames.Add(await ReceiveAsync(socket));
        }
        while (frames[^1].GetProperty("type").GetString() is not ("complete" or "error"));

        return frames;
    }
}
