using Platform.Testing;

namespace Platform.Gateway.Tests.Jobs;

/// <summary>A real RabbitMQ and a real LlmService (llama.cpp with stories260K) consuming jobs from it, for the job tests.</summary>
public sealed class JobsPlatform : LlmServicePlatform
{
    protected override Dictionary<string, string> ProviderSettings() => new()
    {
        ["Llm__Provider"] = "local",
        ["Llm__ModelPath"] = RepositoryLayout.StoriesModel,

        // stories260K never stops early, so every job answer and repair runs to its limit: a short one keeps the error-queue tests to their retries' pace.
        ["Llm__DefaultMaxTokens"] = "128",
    };
}
