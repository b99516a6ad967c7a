using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace Platform.Gateway.Streaming;

/// <summary>
/// The sending half of one WebSocket. Frames come from several threads at once (the client's frames, every followed
/// turn, the microphone, job results) and a WebSocket takes one send at a time, so they queue here and one loop sends
/// them in order. A client that falls a whole outbox behind is closed instead of being buffered without bound; it can
/// reconnect and resume.
/// </summary>
public sealed partial class SocketWriter(WebSocket socket, Guid conversationId, ILogger logger)
{
    private const int OutboxFrames = 4_096;

    private readonly Channel<OutgoingFrame> outbox = Channel.CreateBounded<OutgoingFrame>(new BoundedChannelOptions(OutboxFrames) { SingleReader = true });
    private readonly CancellationTokenSource closing = new();
    private Task sending = Task.CompletedTask;
    private bool closed;

    /// <summary>Cancelled when the client fell too far behind, and when the writer closes: the socket is going.</summary>
    public CancellationToken Closing => closing.Token;

    public void Start(CancellationToken cancellationToken) => sending = SendAsync(cancellationToken);

    public void Write(string frame) => Write(new OutgoingFrame(frame));

    public void Write(OutgoingFrame frame)
    {
        // A closed outbox refuses too: a turn's frame that comes after the socket closed has nowhere to go.
        if (!outbox.Writer.TryWrite(frame) && !Volatile.Read(ref closed))
        {
            LogTooSlow(logger, conversationId);
            closing.Cancel();
        }
    }

    /// <summary>Unlike <see cref="Write(string)"/>, a full outbox drops the frame and leaves the socket open.</summary>
    public void WriteIfRoom(string frame) => outbox.Writer.TryWrite(new OutgoingFrame(frame));

    /// <summary>Sends what is queued, then cancels <see cref="Closing"/> so that nothing goes on writing.</summary>
    public async Task CloseAsync()
    {
        Volatile.Write(ref closed, true);
        outbox.Writer.TryComplete();
        await sending;
        await closing.CancelAsync();
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in outbox.Reader.ReadAllAsync(cancellationToken))
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(frame.Text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                if (frame.Audio is { } pcm)
                {
                    await socket.SendAsync(pcm, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client left; nothing more can be sent.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A WebSocket on conversation {ConversationId} fell too far behind and was closed; it can reconnect and resume.")]
    private static partial void LogTooSlow(ILogger logger, Guid conversationId);
}
