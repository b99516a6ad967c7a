namespace Platform.AppHost.Hosting;

/// <summary>A port a resource listens on, on 127.0.0.1; chosen when the application starts.</summary>
public sealed class ResourceEndpoint(string name, int? preferredPort = null)
{
    private int? port;

    public string Name { get; } = name;

    /// <summary>The port asked for; null or 0 means any free port. A taken port is avoided, never a failure.</summary>
    public int? PreferredPort { get; internal set; } = preferredPort;

    public int Port => port ?? throw new InvalidOperationException($"Endpoint '{Name}' gets its port when the application starts.");

    public bool IsAllocated => port is not null;

    internal void Assign(int value) => port = value;
}
