namespace Platform.Load.Chaos;

/// <summary>One promise checked after a scenario: what it says, whether it held, and the evidence.</summary>
internal sealed record Check(string Promise, bool Passed, string Detail);
