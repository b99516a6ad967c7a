namespace Platform.Gateway.Turns;

/// <summary>
/// One event of a turn, numbered from 1 in the order it happened. <see cref="Data"/> is its JSON payload,
/// serialised once and sent as it is to every reader.
/// </summary>
public sealed record TurnEvent(long Seq, string Type, string Data)
{
    public const string Metadata = "metadata";
    public const string Started = "turn.started";
    public const string Transcription = "transcription";
    public const string Audio = "audio";
    public const string Token = "token";
    public const string Completed = "turn.completed";
    public const string Error = "error";

    /// <summary>A turn ends with exactly one of these; nothing follows it.</summary>
    public bool IsTerminal => Type is Completed or Error;
}
