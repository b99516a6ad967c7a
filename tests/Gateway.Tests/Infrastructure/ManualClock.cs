namespace Platform.Gateway.Tests.Infrastructure;

/// <summary>A clock a test sets, for logic that counts time windows.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
