using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Realtime;

/// <summary>
/// One WebSocket on a conversation: it reads the client's frames, text to the <see cref="ClientFrameHandler"/> and
/// microphone audio to the <see cref="SocketMicrophone"/>, while the <see cref="ConversationFollower"/> brings every turn
/// of the conversation, whichever connection or replica started it, and the <see cref="SocketWriter"/> sends. A malformed
/// frame gets an error frame and the socket stays open.
/// </summary>
public sealed partial class ConversationSocket(
    WebSocket socket,
    SocketWriter writer,
    ConversationFollower follower,
    SocketMicrophone microphone,
    ClientFrameHandler frames,
    ILogger logger)
{
    private const int MaxFrameBytes = 64 * 1024;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, writer.Closing);
        using var tracked = GatewayTelemetry.TrackStream();
        using var turns = follower.FollowNewTurns(linked.Token);
        using var results = follower.ForwardJobResults();
        writer.Start(linked.Token);
        WebSocketCloseStatus? close = null;
        try
        {
            close = await ReceiveAsync(linked.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client left or the server is stopping; turns go on without this socket.
        }
        finally
        {
            await microphone.CloseAsync();
            await writer.CloseAsync();
        }

        if (close is { } status && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(status, status == WebSocketCloseStatus.MessageTooBig ? "Frame too large" : "Bye", CancellationToken.None);
        }
    }

    /// <summary>Handles frames until the client closes or must be closed; returns how to close.</summary>
    private async Task<WebSocketCloseStatus?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxFrameBytes);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == MaxFrameBytes)
                    {
                        writer.Write(ServerFrames.Error(null, "frame_too_large", $"Frames are limited to {MaxFrameBytes} bytes.", retryable: false));
                        return WebSocketCloseStatus.MessageTooBig;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length, MaxFrameBytes - length), cancellationToken);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return WebSocketCloseStatus.NormalClosure;
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    await microphone.RecordAsync(buffer.AsMemory(0, length));
                    continue;
                }

                try
                {
                    if (await frames.HandleAsync(Encoding.UTF8.GetString(buffer, 0, length), cancellationToken) is { } answer)
                    {
                        writer.Write(answer);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not WebSocketException)
                {
                    // One frame that could not be handled must not take the socket, and the turns it follows, with it.
                    LogFrameFailed(logger, follower.ConversationId, ex);
                    writer.Write(ServerFrames.Error(null, "internal", "The frame could not be handled; try again.", retryable: true));
                }
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A WebSocket frame on conversation {ConversationId} could not be handled; the socket stays open.")]
    private static partial void LogFrameFailed(ILogger logger, Guid conversationId, Exception exception);
}
