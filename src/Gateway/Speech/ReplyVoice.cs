namespace Platform.Gateway.Speech;

/// <summary>How a reply is spoken: its language and voice (empty: the language's default voice).</summary>
public sealed record ReplyVoice(string Language, string Voice = "");
