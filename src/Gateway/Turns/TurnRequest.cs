namespace Platform.Gateway.Turns;

/// <summary>A typed turn; <paramref name="Speak"/> asks for the reply to be spoken too, in <paramref name="Voice"/> (empty: the language's default).</summary>
public sealed record TurnRequest(string? Content, bool? Speak = null, string? Voice = null);
