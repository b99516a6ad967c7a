using Platform.AppHost.Ports;

namespace Platform.AppHost.Hosting;

/// <summary>How an application runs: the AppHost's defaults suit one long-lived platform; test fixtures change them.</summary>
public sealed class DistributedApplicationOptions
{
    public string[] Args { get; init; } = [];

    /// <summary>Where resources keep their data, one folder each; defaults to .artifacts/apphost in the repository.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The data is thrown away afterwards (test fixtures): it is deleted on dispose, and durability is traded for speed.</summary>
    public bool DisposableData { get; init; }

    /// <summary>Read settings from environment, command line and appsettings.json, and log to the console (the AppHost); otherwise neither.</summary>
    public bool UseConsoleAndConfiguration { get; init; } = true;

    /// <summary>Ctrl+C and SIGTERM stop the application; a test process must keep its own handling.</summary>
    public bool StopOnProcessSignals { get; init; } = true;

    /// <summary>The PATH programs are looked up on; null means this process's PATH.</summary>
    public string? ProgramSearchPath { get; init; }

    public PortAllocator Ports { get; init; } = PortAllocator.Shared;

    /// <summary>The whole stop, in reverse order, gets this long before what is left is killed.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(12);

    public RepositoryLayout? Repository { get; init; }
}
