namespace Platform.AppHost.Processes;

/// <summary>What to run: a program, its arguments and environment, where, and as which user.</summary>
public sealed record ProcessSpec(string Executable, IReadOnlyList<string> Arguments)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public string? WorkingDirectory { get; init; }

    /// <summary>Run as this user instead of the AppHost's (PostgreSQL refuses to run as root).</summary>
    public string? RunAsUser { get; init; }
}
