namespace Platform.Load.Driving;

/// <summary>How one turn ended, as its client saw it.</summary>
internal enum TurnEnd
{
    /// <summary><c>turn.completed</c> with status <c>complete</c>.</summary>
    Completed,

    /// <summary><c>turn.completed</c> with status <c>cancelled</c>.</summary>
    Cancelled,

    /// <summary>An <c>error</c> event or frame after the turn was accepted.</summary>
    Error,

    /// <summary>No turn was started: an HTTP error status or a refusal frame.</summary>
    Refused,

    /// <summary>The client left on purpose before the end.</summary>
    Disconnected,

    /// <summary>The connection ended without a terminal event.</summary>
    Broken,

    /// <summary>Nothing arrived for longer than the client's idle limit: the stream hung.</summary>
    Hung,
}
