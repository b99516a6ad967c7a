using System.Text.Json;

namespace Platform.AppHost.Dashboard.Resources;

/// <summary>What a service's JSON endpoint answered: its status code and body.</summary>
public sealed record ProbeAnswer(int Status, JsonElement Body);
