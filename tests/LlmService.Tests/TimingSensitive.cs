namespace Platform.LlmService.Tests;

/// <summary>
/// Tests that measure latency or watch process-wide telemetry run alone, after the parallel ones, so other tests'
/// decoding neither competes for the two cores nor shows up in their listeners.
/// </summary>
[CollectionDefinition(nameof(TimingSensitive), DisableParallelization = true)]
public sealed class TimingSensitive;
