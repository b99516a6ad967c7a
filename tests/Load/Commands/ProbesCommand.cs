using Platform.Load.Platform;
using Platform.Load.Probes;

namespace Platform.Load.Commands;

/// <summary><c>probes</c>: the bad-input probes against a platform of their own (real model and speech), printed as a table.</summary>
internal static class ProbesCommand
{
    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var (markdown, passed) = await RunProbesAsync(cancellationToken);
        Console.WriteLine(markdown);
        return passed ? 0 : 1;
    }

    /// <summary>Starts the probes' platform, runs them, and answers their table and whether every one passed.</summary>
    public static async Task<(string Markdown, bool Passed)> RunProbesAsync(CancellationToken cancellationToken)
    {
        var spec = BadInputProbes.Platform;
        await using var platform = await LoadPlatform.StartAsync(spec);
        var results = await BadInputProbes.RunAsync(platform.GatewayAddress, platform.ApiKey, cancellationToken);
        var markdown = $"Platform: {spec.Describe()}; the Gateway at its default request rate (120 a minute) and at most {BadInputProbes.AnonymousPerAddress} anonymous identities per address.{Environment.NewLine}{Environment.NewLine}{BadInputProbes.ToMarkdown(results)}";
        return (markdown, results.All(r => r.Passed));
    }
}
