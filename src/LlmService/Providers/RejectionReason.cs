namespace Platform.LlmService.Providers;

public enum RejectionReason
{
    /// <summary>The request cannot be served as it is (for example its prompt does not fit the context).</summary>
    InvalidRequest,

    /// <summary>The provider has no room for it now; the caller may retry later.</summary>
    Busy,
}
