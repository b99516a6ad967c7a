namespace Platform.Load.Probes;

/// <summary>One bad-input probe: what was sent, what the platform should answer, what it answered.</summary>
internal sealed record ProbeResult(string Probe, string Expected, string Answered, bool Passed);
