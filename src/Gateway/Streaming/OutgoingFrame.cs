namespace Platform.Gateway.Streaming;

/// <summary>A frame for the client: JSON, and for reply audio the PCM that follows it as a binary frame.</summary>
public sealed record OutgoingFrame(string Text, byte[]? Audio = null);
