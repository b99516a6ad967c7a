using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>The AppHost as ./run.sh runs it: from its own build output, where its publish-mode integrations are.</summary>
public static class AppHostProgram
{
    public static string Path { get; } = System.IO.Path.Combine(RepositoryLayout.Root, "src", "AppHost", "bin", "Release", "net10.0", "AppHost");
}
