namespace Platform.AppHost.Processes;

/// <summary>The POSIX signals the AppHost sends, with their Linux numbers.</summary>
public enum Signal
{
    Interrupt = 2,
    Kill = 9,
    Terminate = 15,
}
