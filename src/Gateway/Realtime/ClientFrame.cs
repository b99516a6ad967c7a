namespace Platform.Gateway.Realtime;

/// <summary>A text frame from the client; which fields count depends on its type.</summary>
public sealed record ClientFrame(string? Type, string? Content, Guid? TurnId, long? LastSeq, string? Language, string? Voice, string? Mode, string? Format, int? SampleRate, bool? Speak, double? AudioMs);
