using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Testing;

namespace Platform.Gateway.Tests.Infrastructure;

/// <summary>A test's WebSocket on a conversation: connect with the harness's key, send JSON frames, read whole frames.</summary>
public sealed class GatewaySocket : IDisposable
{
    private GatewaySocket(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<GatewaySocket> ConnectAsync(GatewayHarness harness, Guid conversation, int replica = 0) =>
        new(await ConversationSocket.ConnectAsync(harness.Gateways[replica].Address, harness.ApiKey, conversation, Token));

    public Task SendAsync(object frame) => Socket.SendJsonAsync(frame, Token);

    public Task SendAudioAsync(ReadOnlyMemory<byte> pcm) => Socket.SendAsync(pcm, WebSocketMessageType.Binary, true, Token).AsTask();

    /// <summary>Reply audio that came as a JSON header and then a binary frame of exactly the length the header gave.</summary>
    public int BinaryAudioFrames { get; private set; }

    /// <summary>
    /// The next whole JSON frame, or a failure after 30 s. Reply audio comes as a header and then its PCM in a binary
    /// frame; the two are returned as one frame whose <c>data.data</c> is that PCM in base64, as SSE carries it.
    /// </summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        var (type, bytes) = await Socket.ReceiveFrameAsync(Token);
        Assert.Equal(WebSocketMessageType.Text, type);
        var frame = JsonNode.Parse(bytes)!.AsObject();
        if (frame["type"]?.GetValue<string>() != "audio")
        {
            return JsonDocument.Parse(bytes).RootElement.Clone();
        }

        var header = frame["data"]!.AsObject();
        Assert.False(header.ContainsKey("data"), "audio headers on the WebSocket carry no base64");
        var (pcmType, pcm) = await Socket.ReceiveFrameAsync(Token);
        Assert.Equal(WebSocketMessageType.Binary, pcmType);
        Assert.Equal(header["bytes"]!.GetValue<int>(), pcm.Length);
        BinaryAudioFrames++;
        header["data"] = Convert.ToBase64String(pcm);
        return JsonDocument.Parse(frame.ToJsonString()).RootElement.Clone();
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
