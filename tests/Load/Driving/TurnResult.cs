namespace Platform.Load.Driving;

/// <summary>What one client saw of one turn. Times are milliseconds from the moment the request was sent.</summary>
internal sealed record TurnResult
{
    public required Guid ConversationId { get; init; }

    public Guid? TurnId { get; init; }

    public required string Transport { get; init; }

    public required TurnEnd End { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public bool Retryable { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public double? TtftMs { get; init; }

    public double? FirstAudioMs { get; init; }

    public required double TotalMs { get; init; }

    public int Tokens { get; init; }

    /// <summary>The sequence number of the last event seen, for resuming with Last-Event-ID.</summary>
    public long LastSeq { get; init; }

    /// <summary>Gaps between consecutive tokens as they arrived.</summary>
    public IReadOnlyList<double> TokenGapsMs { get; init; } = [];

    /// <summary>From the synthetic source writing each token to this client reading it (source in this process only).</summary>
    public IReadOnlyList<double> TokenDelaysMs { get; init; } = [];

    /// <summary>The concatenated token texts this client received.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>The text in <c>turn.completed</c>, when it came.</summary>
    public string? CompletedText { get; init; }

    /// <summary>Resumed with Last-Event-ID after falling behind.</summary>
    public int Resumes { get; init; }

    /// <summary>The turn's own timings from <c>turn.completed</c> (server side): STT, TTFT, first audio.</summary>
    public double? ServerSttMs { get; init; }

    public double? ServerTtftMs { get; init; }

    public double? ServerFirstAudioMs { get; init; }

    public double? ServerTotalMs { get; init; }

    /// <summary>The prompt's size, from <c>turn.completed</c>'s usage.</summary>
    public int? PromptTokens { get; init; }

    /// <summary>The reply's size in tokens, from <c>turn.completed</c>'s usage.</summary>
    public int? CompletionTokens { get; init; }

    /// <summary>Prompt tokens LlmService reused from the conversation's last turn, from <c>turn.started</c>.</summary>
    public int? CachedTokens { get; init; }

    public DateTimeOffset EndedAt => StartedAt + TimeSpan.FromMilliseconds(TotalMs);

    public bool Accepted => TurnId is not null;
}
