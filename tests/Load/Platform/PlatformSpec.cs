namespace Platform.Load.Platform;

/// <summary>Which platform a run or scenario needs: the token source, speech, the message bus, Gateway settings.</summary>
internal sealed record PlatformSpec
{
    /// <summary>True: the real LlmService on llama.cpp with stories260K. False: the SYNTHETIC source in this process.</summary>
    public bool RealModel { get; init; }

    /// <summary>Synthetic source: tokens per reply and the pause between them (50 tokens/s by default).</summary>
    public int SyntheticTokens { get; init; } = 100;

    public TimeSpan SyntheticTokenInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Synthetic tokens carry the moment they were written, so this process can measure the Gateway's added delay.</summary>
    public bool StampTokens { get; init; } = true;

    /// <summary>Real model: the Gateway's reply length limit.</summary>
    public int MaxReplyTokens { get; init; } = 64;

    /// <summary>SttService and TtsService, for voice turns.</summary>
    public bool Speech { get; init; }

    /// <summary>RabbitMQ, so the Gateway's background jobs run.</summary>
    public bool Messaging { get; init; }

    /// <summary>Settings for the LlmService process on top of the platform's (e.g. <c>Llm__PromptCache__MaxConversations</c>).</summary>
    public IReadOnlyDictionary<string, string> LlmSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Settings for the Gateway process on top of the platform's (e.g. <c>Grpc__Client__Chaos__Enabled</c>).</summary>
    public IReadOnlyDictionary<string, string> GatewaySettings { get; init; } = new Dictionary<string, string>();

    public string Describe() =>
        (RealModel ? "LlmService on llama.cpp with stories260K" : $"SYNTHETIC token source ({SyntheticTokens} tokens at {1000 / SyntheticTokenInterval.TotalMilliseconds:0} tokens/s per stream, in the load process)")
        + (Speech ? ", SttService (pocketsphinx) and TtsService (flite)" : string.Empty)
        + (Messaging ? ", RabbitMQ" : string.Empty);
}
