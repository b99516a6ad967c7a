namespace Platform.ServiceDefaults.Grpc.Client;

/// <summary>Per-call settings: an absolute deadline (UTC), a cancellation token and extra request headers.</summary>
public readonly record struct GrpcCallOptions(
    DateTime? Deadline = null,
    CancellationToken CancellationToken = default,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public static GrpcCallOptions WithTimeout(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        new(DateTime.UtcNow + timeout, cancellationToken);
}
