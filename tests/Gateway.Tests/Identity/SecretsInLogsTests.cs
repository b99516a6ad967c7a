using System.Net.Http.Json;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing.SyntheticLlm;

namespace Platform.Gateway.Tests.Identity;

public sealed class SecretsInLogsTests(GatewayEnvironment environment)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NoKeyOrMessageTextReachesTheLogsWhileEachTurnLeavesOneAuditLine()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 3, TokenInterval = TimeSpan.Zero },
            settings: new Dictionary<string, string?> { ["Logging__LogLevel__Default"] = "Debug", ["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug" });
        var conversation = await harness.CreateConversationAsync();
        const string privateText = "my bank password is hunter2";

        using var created = await harness.Client().PostAsJsonAsync("/api/keys", new { name = "second" }, Token);
        var secondKey = (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("key").GetString()!;
        using (var turn = await harness.Client().PostAsJsonAsync($"/api/conversations/{conversation}/turns", new { content = privateText }, Token))
        {
            turn.EnsureSuccessStatusCode();
        }

        using var wrong = harness.Gateways[0].CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "pk_wrong_key_that_must_not_be_logged");
        await wrong.GetAsync($"/api/conversations/{conversation}", Token);
        // The synthetic source serves no /v1, so the proxied call fails there; what matters is what the Gateway logged of it.
        using var proxied = await harness.Client().PostAsJsonAsync("/v1/chat/completions", new { model = "x", messages = new[] { new { role = "user", content = privateText } } }, Token);

        var logs = await Eventually.ReturnsAsync(() => Task.FromResult(harness.Gateways[0].Output), l => l.Contains("OpenAI audit", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        Assert.DoesNotContain(harness.ApiKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(secondKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("pk_wrong_key_that_must_not_be_logged", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", logs, StringComparison.Ordinal);
        var audits = logs.Split('\n').Where(l => l.Contains("Turn audit", StringComparison.Ordinal)).ToList();
        Assert.Single(audits);
        Assert.Single(logs.Split('\n'), l => l.Contains("OpenAI audit", StringComparison.Ordinal) && l.Contains("route chat", StringComparison.Ordinal));
        Assert.Contains(audits, a => a.Contains(conversation.ToString(), StringComparison.Ordinal) && a.Contains("status complete", StringComparison.Ordinal));
    }
}
