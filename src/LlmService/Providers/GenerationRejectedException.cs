namespace Platform.LlmService.Providers;

/// <summary>A provider refused a request before generating; the message says why in words a caller can act on.</summary>
public sealed class GenerationRejectedException(RejectionReason reason, string message) : Exception(message)
{
    public RejectionReason Reason { get; } = reason;

    public static GenerationRejectedException ShuttingDown() => new(RejectionReason.ShuttingDown, "The model is shutting down; retry on another instance.");
}
