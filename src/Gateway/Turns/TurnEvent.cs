namespace Platform.Gateway.Turns;

/// <summary>
/// One event of a turn, numbered from 1 in the order it happened: the one event model every transport writes from.
/// <see cref="Data"/> is its JSON payload, serialised once and sent as it is to every reader.
/// </summary>
public sealed record TurnEvent(long Seq, TurnEventKind Kind, string Data)
{
    /// <summary>A turn ends with exactly one of these; nothing follows it.</summary>
    public bool IsTerminal => Kind is TurnEventKind.Completed or TurnEventKind.Error;
}
