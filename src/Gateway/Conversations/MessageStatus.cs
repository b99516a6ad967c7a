namespace Platform.Gateway.Conversations;

/// <summary>How a stored message ended; the values are those of the <c>messages.status</c> column.</summary>
public static class MessageStatus
{
    public const string Complete = "complete";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";

    /// <summary>Spoken over by the person: the stored text is what they heard of it.</summary>
    public const string Interrupted = "interrupted";
}
