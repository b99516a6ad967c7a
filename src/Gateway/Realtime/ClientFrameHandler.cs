using System.Diagnostics;
using System.Text.Json;
using Platform.Gateway.Errors;
using Platform.Gateway.Limits;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Realtime;

/// <summary>
/// Handles the client's text frames, one at a time in the order they came: each is counted against the user's request
/// rate and handed to the part of the socket it is for. Returns the frame that answers it directly (pong, a refusal,
/// truncated), if any; a started turn is named by the <see cref="SocketTurnStarter"/> and the microphone speaks for itself.
/// </summary>
public sealed class ClientFrameHandler(
    Guid userId,
    UserLimiter limiter,
    SocketTurnStarter turns,
    SocketMicrophone microphone,
    ConversationFollower follower,
    TurnControls controls)
{
    public async Task<string?> HandleAsync(string text, CancellationToken cancellationToken)
    {
        var receivedAt = Stopwatch.GetTimestamp();
        ClientFrame? frame;
        try
        {
            frame = JsonSerializer.Deserialize<ClientFrame>(text, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            return ServerFrames.Error(null, "bad_frame", JsonProblem.Describe(ex, "frame"), retryable: false);
        }

        // Each message counts against the user's request rate as a request would, so one socket is no way around it.
        if (frame?.Type is not "ping" && await limiter.CountRequestAsync(userId) is { } retryAfter)
        {
            return ServerFrames.RateLimited(Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)));
        }

        switch (frame?.Type)
        {
            case "ping":
                return ServerFrames.Pong;
            case "message":
                await turns.StartTypedAsync(frame, receivedAt, cancellationToken);
                return null;
            case "cancel":
                return await controls.CancelAsync(follower.ConversationId, frame.TurnId ?? follower.LatestTurn);
            case "audio.start":
                await microphone.OpenAsync(frame);
                return null;
            case "audio.end":
                await microphone.EndAsync();
                return null;
            case "played":
                return await controls.KeepHeardAsync(follower.ConversationId, frame.TurnId ?? follower.LatestTurn, frame.AudioMs, cancellationToken);
            case "resume" when frame.TurnId is { } turnId:
                follower.Resume(turnId, frame.LastSeq ?? 0, cancellationToken);
                return null;
            default:
                return ServerFrames.Error(null, "bad_frame", "Expected {\"type\": \"message\" | \"cancel\" | \"ping\" | \"resume\" | \"audio.start\" | \"audio.end\", ...}.", retryable: false);
        }
    }
}
