namespace Platform.Gateway.Turns;

/// <summary>What a turn's event is. Each transport's name for it is in <c>Streaming.TurnEventNames</c>, nowhere else.</summary>
public enum TurnEventKind
{
    /// <summary>What the turn knows before it generates, such as a scenario turn's score.</summary>
    Metadata,

    /// <summary>The model took the turn: its turn, conversation and model.</summary>
    Started,

    /// <summary>What was heard of a spoken message, partial or final.</summary>
    Transcription,

    /// <summary>A chunk of the spoken reply.</summary>
    Audio,

    /// <summary>A piece of the written reply.</summary>
    Token,

    /// <summary>The reply ended, whole or cancelled, with its usage and timings.</summary>
    Completed,

    /// <summary>The turn failed.</summary>
    Error,
}
