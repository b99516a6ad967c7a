using Platform.AppHost.Prerequisites;

namespace Platform.AppHost.Projects;

/// <summary>The <c>dotnet</c> executable that runs the services' build output: the one running us, when it is.</summary>
internal static class DotnetHost
{
    public static RequiredProgram Program { get; } = new("dotnet", "dotnet-sdk-10.0 (https://dot.net)", Candidates());

    private static string[] Candidates()
    {
        var running = Environment.ProcessPath;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        return
        [
            .. running is not null && Path.GetFileNameWithoutExtension(running) == "dotnet" ? [running] : Array.Empty<string>(),
            .. Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath ? [hostPath] : Array.Empty<string>(),
            .. root is { Length: > 0 } ? [Path.Combine(root, "dotnet")] : Array.Empty<string>(),
            "dotnet",
            "/usr/share/dotnet/dotnet",
            "/usr/lib/dotnet/dotnet",
        ];
    }
}
