namespace Platform.Gateway.Turns;

/// <summary>Why a turn was not started: a code for programs, a message for people, and the HTTP status that fits.</summary>
public sealed record TurnRefusal(string Code, string Message, int HttpStatus, TimeSpan? RetryAfter = null);
