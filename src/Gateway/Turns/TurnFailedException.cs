namespace Platform.Gateway.Turns;

/// <summary>A turn that cannot go on for a reason the user should hear, with a code for programs.</summary>
public sealed class TurnFailedException(string code, string message, bool retryable) : Exception(message)
{
    public string Code { get; } = code;

    public bool Retryable { get; } = retryable;
}
