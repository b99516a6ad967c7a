namespace Platform.LlmService.Providers;

public enum RejectionReason
{
    /// <summary>The request cannot be served as it is.</summary>
    InvalidRequest,

    /// <summary>The prompt does not fit the model's context even with every message that may be left out left out.</summary>
    ContextExceeded,

    /// <summary>The provider has no room for it now; the caller may retry later.</summary>
    Busy,

    /// <summary>The service is stopping; another instance, or this one once restarted, will serve it.</summary>
    ShuttingDown,
}
