using System.Net.WebSockets;
using System.Text.Json;

namespace Platform.Gateway.Tests.Infrastructure;

/// <summary>A test's WebSocket on a conversation: connect with the harness's key, send JSON frames, read whole frames.</summary>
public sealed class GatewaySocket : IDisposable
{
    private GatewaySocket(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<GatewaySocket> ConnectAsync(GatewayHarness harness, Guid conversation, int replica = 0)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {harness.ApiKey}");
        await socket.ConnectAsync(new UriBuilder(harness.Gateways[replica].Address) { Scheme = "ws", Path = $"/ws/conversations/{conversation}" }.Uri, Token);
        return new GatewaySocket(socket);
    }

    public Task SendAsync(object frame) =>
        Socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, Token);

    public Task SendAudioAsync(ReadOnlyMemory<byte> pcm) => Socket.SendAsync(pcm, WebSocketMessageType.Binary, true, Token).AsTask();

    /// <summary>The next whole frame, or a failure after 30 s.</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var buffer = new byte[256 * 1024];
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await Socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
    }

    /// <summary>Frames until the turn's last one (complete or error), skipping the acknowledgement of a new turn.</summary>
    public async Task<List<JsonElement>> ReceiveTurnAsync()
    {
        var frames = new List<JsonElement>();
        do
        {
            var frame = await ReceiveAsync();
            if (frame.GetProperty("type").GetString() != "accepted")
            {
                frames.Add(frame);
            }
        }
        while (frames.Count == 0 || frames[^1].GetProperty("type").GetString() is not ("complete" or "error"));

        return frames;
    }

    public void Dispose() => Socket.Dispose();
}
