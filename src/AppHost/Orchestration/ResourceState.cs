namespace Platform.AppHost.Orchestration;

public enum ResourceState
{
    /// <summary>Declared; waiting for the resources it waits for.</summary>
    Waiting,

    /// <summary>Launched; its readiness probe has not passed yet.</summary>
    Starting,

    /// <summary>Its readiness probe passed.</summary>
    Running,

    /// <summary>It exited unexpectedly and is being launched again after a backoff delay.</summary>
    Restarting,

    Stopping,
    Stopped,

    /// <summary>It could not be started, or crashed too often; it is no longer restarted.</summary>
    Failed,
}
