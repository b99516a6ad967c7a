using Platform.Testing;
using Platform.Contracts.Llm;
using Platform.LlmService.Generation;
using Platform.LlmService.Tests.Generation;
using Platform.LlmService.Tests.Providers.Fakes;

namespace Platform.LlmService.Tests;

/// <summary>A bad setting stops the service at start with a message naming the setting; keys never show.</summary>
public sealed class LlmOptionsTests
{
    private const string Key = "sk-test-3f9a7c1e-never-log-me";

    public static TheoryData<string, string, string, string> BadSettings => new()
    {
        { "Llm:ParallelSequences", "0", "", "Setting 'Llm:ParallelSequences' must be between 1 and 64." },
        { "Llm:BackgroundSequences", "4", "", "Setting 'Llm:BackgroundSequences' (4) must be less than 'Llm:ParallelSequences' (4)" },
        { "Llm:QueueCapacity", "0", "", "Setting 'Llm:QueueCapacity' must be between 1 and 100000." },
        { "Llm:ModelPath", "/nowhere/model.gguf", "", "Setting 'Llm:ModelPath' is '/nowhere/model.gguf', which is not a file." },
        { "Llm:DefaultMaxTokens", "5000", "", "Setting 'Llm:DefaultMaxTokens' (5000) must not exceed 'Llm:MaxTokensLimit' (4096)." },
        { "Llm:Provider", "openai", "", "Setting 'Llm:Model' is required for provider 'openai'" },
        { "Llm:Provider", "anthropic", "claude-haiku-4-5", "Setting 'Llm:ApiKey' is required for provider 'anthropic'." },
        { "Llm:Provider", "gpt", "", "Llm:Provider" },
        { "Llm:DefaultModelSha256", "abc", "", "Setting 'Llm:DefaultModelSha256' must be 64 hexadecimal digits." },
        { "Llm:PromptCache:MaxMegabytes", "-1", "", "Setting 'Llm:PromptCache:MaxMegabytes' (-1) must be between 0 (no cache) and 1048576." },
        { "Llm:PromptCache:MaxConversations", "-5", "", "Setting 'Llm:PromptCache:MaxConversations' (-5) must be between 0 (no cache) and 10000000." },
        { "Llm:MinReplyTokens", "2048", "", "Setting 'Llm:MinReplyTokens' (2048) must be less than 'Llm:ContextSize' (2048), so a prompt has room." },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task ABadSettingStopsTheServiceAtStartNamingIt(string key, string value, string model, string message)
    {
        var settings = LlmServer.LocalSettings((key, value));
        if (model.Length > 0)
        {
            settings["Llm:Model"] = model;
        }

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => LlmServer.StartAsync(settings));

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApiKeyAppearsInNoLogLineAndNoModelDescription()
    {
        await using var openAi = await FakeProviderServer.StartAsync();
        openAi.Script = FakeScript.Text("Hi", "!");
        using var logs = new LogCollector();
        var settings = new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "openai",
            ["Llm:Model"] = "gpt-4o-mini",
            ["Llm:BaseUrl"] = new Uri(openAi.Address, "v1").ToString(),
            ["Llm:ApiKey"] = Key,
        };
        await using var server = await LlmServer.StartAsync(settings, logs: logs);

        var transcript = await Transcript.CollectAsync(server.Channel, Requests.User("Hello"));
        var models = await new Llm.LlmClient(server.Channel).ModelsAsync(new ModelsRequest(), Calls.WithTimeout(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).ResponseAsync;

        Assert.Equal("Hi!", transcript.Text);
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(Key, StringComparison.Ordinal));
        Assert.DoesNotContain(Key, Assert.Single(models.Models).Description, StringComparison.Ordinal);
    }
}
