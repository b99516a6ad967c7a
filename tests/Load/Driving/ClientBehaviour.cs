namespace Platform.Load.Driving;

/// <summary>How a simulated client reads a turn: at what pace, whether it leaves early, cancels, or resumes.</summary>
internal sealed record ClientBehaviour
{
    public static ClientBehaviour Normal { get; } = new();

    /// <summary>Nothing at all (no event, no heartbeat) for this long counts as a hung stream.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A pause after each event read: a slow reader on a slow network.</summary>
    public TimeSpan ReadDelay { get; init; }

    /// <summary>Leave (close the connection) after this many events, the turn still running.</summary>
    public int? DisconnectAfterEvents { get; init; }

    /// <summary>Ask the Gateway to cancel the turn after this many tokens, then read on to the end.</summary>
    public int? CancelAfterTokens { get; init; }

    /// <summary>After a retryable error that says the reader fell behind, resume from the last event seen.</summary>
    public bool ResumeAfterLag { get; init; } = true;

    /// <summary>Told the count after each token arrives: a chaos scenario's cue to strike mid-turn.</summary>
    public Action<int>? OnToken { get; init; }

    /// <summary>Told when the Gateway has accepted the turn (SSE response headers, or the WebSocket's accepted frame).</summary>
    public Action? OnAccepted { get; init; }

    /// <summary>Told each event's type as it arrives (before <see cref="OnToken"/>).</summary>
    public Action<string>? OnEvent { get; init; }
}
