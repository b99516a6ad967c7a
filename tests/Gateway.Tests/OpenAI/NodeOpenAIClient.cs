using System.Diagnostics;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing;

namespace Platform.Gateway.Tests.OpenAI;

/// <summary>Runs one of the scripts in <c>OpenAI/Node</c> with the npm <c>openai</c> package against the Gateway's /v1 and reads the JSON it prints.</summary>
internal static class NodeOpenAIClient
{
    public static async Task<JsonElement> RunAsync(string script, GatewayHarness harness, params string[] arguments)
    {
        var token = TestContext.Current.CancellationToken;
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OpenAI", "Node", script));
        start.ArgumentList.Add(new Uri(harness.Gateways[0].Address, "/v1").ToString());
        start.ArgumentList.Add(harness.ApiKey);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NODE_PATH"] = Path.Combine(RepositoryLayout.Root, ".tools", "openai-node", "node_modules");

        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync(token);
        var errors = node.StandardError.ReadToEndAsync(token);
        await node.WaitForExitAsync(token).WaitAsync(TimeSpan.FromSeconds(60), token);

        Assert.True(node.ExitCode == 0, await errors);
        return JsonDocument.Parse(await output).RootElement;
    }
}
