using System.Diagnostics;
using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>The AppHost as ./run.sh runs it: from its own build output, where its publish-mode integrations are.</summary>
public static class AppHostProgram
{
    public static string Path { get; } = System.IO.Path.Combine(RepositoryLayout.Root, "src", "AppHost", "bin", "Release", "net10.0", "AppHost");

    /// <summary>Runs the AppHost to its end (as the publisher does) with <paramref name="environment"/> added to its own; its exit code and what it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var program = Process.Start(start)!;
        var standardOutput = program.StandardOutput.ReadToEndAsync(cancellationToken);
        var standardError = program.StandardError.ReadToEndAsync(cancellationToken);
        await program.WaitForExitAsync(cancellationToken);
        return (program.ExitCode, await standardOutput + await standardError);
    }
}
