namespace Platform.Gateway.Turns;

/// <summary>
/// The HTTP status of a turn that failed, when the answer is not a stream. A service refusing the input (an
/// unsupported language, unreadable audio, out-of-range options, a message too long for the model's context) is the
/// client's mistake, a 4xx that SDKs do not retry; a service that is down or busy is a 503 worth retrying; anything
/// else is the upstream's fault.
/// </summary>
public static class TurnErrorStatus
{
    public static int Of(TurnErrorPayload error) => error switch
    {
        { Retryable: true } => StatusCodes.Status503ServiceUnavailable,
        { Code: TurnErrorPayload.ContextLengthExceeded } => StatusCodes.Status413PayloadTooLarge,
        { Code: "no_speech" } => StatusCodes.Status422UnprocessableEntity,
        { Code: var code } when code.EndsWith("_rejected", StringComparison.Ordinal) => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status502BadGateway,
    };

    public static bool IsClientError(TurnErrorPayload error) => Of(error) is >= 400 and < 500;
}
