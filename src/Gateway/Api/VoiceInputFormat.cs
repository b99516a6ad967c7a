namespace Platform.Gateway.Api;

/// <summary>The microphone audio the WebSocket takes, and the file types a voice turn may upload.</summary>
public sealed record VoiceInputFormat(string WebSocketFormat, int SampleRate, int Channels, IReadOnlyList<string> UploadTypes);
