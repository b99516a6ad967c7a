using Grpc.Core;

namespace Platform.Testing;

public static class Calls
{
    /// <summary>Call options with a deadline <paramref name="timeout"/> from now.</summary>
    public static CallOptions WithTimeout(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        new(deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken);
}
