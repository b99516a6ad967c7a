using System.Net.WebSockets;
using System.Text.Json;

namespace Platform.Testing;

/// <summary>A client's WebSocket on a conversation of the Gateway (<c>/ws/conversations/{id}</c>), as tests and the load tool use it.</summary>
public static class ConversationSocket
{
    public static async Task<ClientWebSocket> ConnectAsync(Uri gateway, string apiKey, Guid conversation, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {apiKey}");
        await socket.ConnectAsync(new UriBuilder(gateway) { Scheme = "ws", Path = $"/ws/conversations/{conversation}" }.Uri, cancellationToken);
        return socket;
    }

    public static Task SendJsonAsync(this ClientWebSocket socket, object frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, cancellationToken);
    }

    /// <summary>The next whole frame, or a failure after 30 s.</summary>
    public static async Task<(WebSocketMessageType Type, byte[] Bytes)> ReceiveFrameAsync(this ClientWebSocket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var buffer = new byte[256 * 1024];
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return (result.MessageType, buffer[..length]);
    }
}
