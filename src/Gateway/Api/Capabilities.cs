namespace Platform.Gateway.Api;

/// <summary>What this Gateway offers: spoken turns at all, and the audio it takes for them.</summary>
public sealed record Capabilities(bool Voice, VoiceInputFormat? VoiceInput);
