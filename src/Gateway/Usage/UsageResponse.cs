namespace Platform.Gateway.Usage;

/// <summary>A user's totals over every <c>/v1</c> call, and its latest records, newest first.</summary>
public sealed record UsageResponse(UsageTotals Totals, IReadOnlyList<UsageRecord> Records);
