using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Gateway.Turns;

namespace Platform.Gateway.Streaming;

/// <summary>
/// The JSON of every frame the server sends, in one place, because the names and shapes are the protocol clients
/// are written against (README, the WebSocket).
/// </summary>
public static class ServerFrames
{
    public const string Pong = "{\"type\":\"pong\"}";

    private static readonly string ErrorType = TurnEventNames.SocketFrame(TurnEventKind.Error);

    public static string Error(Guid? turnId, string code, string message, bool retryable) =>
        JsonSerializer.Serialize(new { type = ErrorType, turnId, data = new TurnErrorPayload(code, message, retryable) }, JsonSerializerOptions.Web);

    /// <summary>An error that also says, as HTTP's Retry-After would, how many seconds to wait.</summary>
    public static string RateLimited(int seconds) =>
        JsonSerializer.Serialize(new
        {
            type = ErrorType,
            turnId = (Guid?)null,
            data = new TurnErrorPayload("rate_limited", $"This user is over its request rate; try again in {seconds} s. The frame was not handled.", Retryable: true),
            retryAfter = seconds,
        }, JsonSerializerOptions.Web);

    public static string Accepted(Guid turnId) => $"{{\"type\":\"accepted\",\"turnId\":\"{turnId}\"}}";

    public static string Transcription(TranscriptionPayload partial) =>
        JsonSerializer.Serialize(new { type = TurnEventNames.SocketFrame(TurnEventKind.Transcription), turnId = (Guid?)null, data = partial }, JsonSerializerOptions.Web);

    public static string Speech(bool started, int audioMs) =>
        JsonSerializer.Serialize(new { type = "speech", data = new { @event = started ? "started" : "ended", audioMs } }, JsonSerializerOptions.Web);

    public static string Truncated(Guid turnId, string? heard, double audioMs) =>
        JsonSerializer.Serialize(new { type = "truncated", turnId, data = new { text = heard, audioMs, interrupted = heard is not null } }, JsonSerializerOptions.Web);

    /// <summary>A turn's event, with the same payload as its Server-Sent Event.</summary>
    public static OutgoingFrame Event(Guid turnId, TurnEvent turnEvent)
    {
        ArgumentNullException.ThrowIfNull(turnEvent);
        var type = TurnEventNames.SocketFrame(turnEvent.Kind);
        if (turnEvent.Kind == TurnEventKind.Audio)
        {
            // Audio travels as its JSON header without the base64, then the PCM itself as the next (binary) frame.
            var header = JsonNode.Parse(turnEvent.Data)!.AsObject();
            var pcm = Convert.FromBase64String(header["data"]!.GetValue<string>());
            header.Remove("data");
            header["bytes"] = pcm.Length;
            return new OutgoingFrame($"{{\"type\":\"{type}\",\"turnId\":\"{turnId}\",\"seq\":{turnEvent.Seq},\"data\":{header.ToJsonString()}}}", pcm);
        }

        return new OutgoingFrame($"{{\"type\":\"{type}\",\"turnId\":\"{turnId}\",\"seq\":{turnEvent.Seq},\"data\":{turnEvent.Data}}}");
    }
}
