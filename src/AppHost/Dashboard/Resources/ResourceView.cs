using System.Text.Json;

namespace Platform.AppHost.Dashboard.Resources;

/// <summary>One resource on the resources page: its state, process, restarts, endpoints and what its /health says.</summary>
public sealed record ResourceView(
    string Name,
    string Type,
    string State,
    int? ProcessId,
    int Restarts,
    DateTimeOffset? Since,
    IReadOnlyList<string> Endpoints,
    int? HealthStatus,
    JsonElement? Health);
