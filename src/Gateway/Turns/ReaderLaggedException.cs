namespace Platform.Gateway.Turns;

/// <summary>A reader fell so far behind its turn that it was cut off; it can resume from the last event it received.</summary>
public sealed class ReaderLaggedException(Guid turnId)
    : Exception($"The connection fell too far behind turn {turnId}; resume with Last-Event-ID.");
