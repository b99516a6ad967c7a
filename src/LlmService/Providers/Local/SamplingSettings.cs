namespace Platform.LlmService.Providers.Local;

/// <summary>How the next token is picked. A temperature of 0 (or top-k of 1) is greedy: always the most likely token.</summary>
internal sealed record SamplingSettings(float Temperature, int TopK, float TopP, uint Seed)
{
    public const float DefaultTemperature = 0.8f;
    public const int DefaultTopK = 40;
    public const float DefaultTopP = 0.95f;

    public bool IsGreedy => Temperature <= 0 || TopK == 1;
}
