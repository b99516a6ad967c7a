namespace Platform.Contracts.OpenAI;

/// <summary>Response headers by which a service tells the Gateway's usage metering what a <c>/v1</c> call used.</summary>
public static class UsageHeaders
{
    /// <summary>Seconds of audio heard (transcriptions) or spoken (speech).</summary>
    public const string AudioSeconds = "X-Audio-Seconds";
}
