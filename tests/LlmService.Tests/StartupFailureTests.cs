using System.Diagnostics;

namespace Platform.LlmService.Tests;

/// <summary>The built service, run as its own process: without a usable model it exits with code 1 and says why.</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task AFileThatIsNotAGgufModelStopsTheServiceWithExitCode1AndTheReason()
    {
        var notAModel = Path.Combine(AppContext.BaseDirectory, "LlmService.deps.json");

        var (exitCode, output) = await RunServiceAsync(new() { ["Llm__ModelPath"] = notAModel });

        Assert.True(exitCode == 1, $"exit code {exitCode}; the service wrote: {output}");
        Assert.Contains($"llama.cpp could not load '{notAModel}' as a GGUF model", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithNoModelConfiguredAndNoNetworkTheServiceFailsFastWithInstructions()
    {
        var cache = Directory.CreateTempSubdirectory("llm-offline-").FullName;
        try
        {
            var (exitCode, output) = await RunServiceAsync(new()
            {
                ["Llm__ModelCacheDirectory"] = cache,
                ["Llm__DefaultModelUrl"] = "http://127.0.0.1:1/SmolLM2-135M-Instruct-q8_0.gguf",
            });

            Assert.True(exitCode == 1, $"exit code {exitCode}; the service wrote: {output}");
            Assert.Contains("No model is configured and the default model could not be downloaded", output, StringComparison.Ordinal);
            Assert.Contains("Llm__ModelPath", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunServiceAsync(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LlmService.dll"));
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var cancellation = TestContext.Current.CancellationToken;
        var output = process.StandardOutput.ReadToEndAsync(cancellation);
        var errors = process.StandardError.ReadToEndAsync(cancellation);
        try
        {
            await process.WaitForExitAsync(cancellation).WaitAsync(TimeSpan.FromSeconds(60), cancellation);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await output + await errors);
    }
}
