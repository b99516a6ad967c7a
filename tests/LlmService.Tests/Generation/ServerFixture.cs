namespace Platform.LlmService.Tests.Generation;

/// <summary>One LlmService on stories260K shared by a test class, with a per-sequence context of 256 tokens.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const int ContextSize = 256;

    public LlmServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Server = await LlmServer.StartAsync(LlmServer.LocalSettings(("Llm:ContextSize", "256"), ("Llm:MaxTokensLimit", "1000")));

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
