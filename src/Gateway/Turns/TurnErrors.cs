using Grpc.Core;

namespace Platform.Gateway.Turns;

/// <summary>What the client hears when a service call of a turn fails, by the stage it failed at ("stt", "llm" or "tts").</summary>
public static class TurnErrors
{
    public static TurnErrorPayload Of(string stage, RpcException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        if (stage == "llm" && ex.StatusCode == StatusCode.OutOfRange)
        {
            return new TurnErrorPayload(TurnErrorPayload.ContextLengthExceeded, $"The message does not fit the language model: {ex.Status.Detail}", Retryable: false);
        }

        var service = stage switch { "stt" => "speech recognition", "tts" => "speech synthesis", _ => "the language model" };
        // The turn did not cancel this call, so a Cancelled status means the service aborted it: it is going away.
        var retryable = ex.StatusCode is StatusCode.Unavailable or StatusCode.Cancelled or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Internal or StatusCode.Unknown;
        var code = ex.StatusCode switch
        {
            StatusCode.Unavailable or StatusCode.Cancelled => $"{stage}_unavailable",
            StatusCode.DeadlineExceeded => $"{stage}_timeout",
            StatusCode.ResourceExhausted => $"{stage}_busy",
            StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => $"{stage}_rejected",
            _ => $"{stage}_failed",
        };
        return new TurnErrorPayload(code, $"{char.ToUpperInvariant(service[0])}{service[1..]} failed: {ex.Status.Detail}", retryable);
    }
}
