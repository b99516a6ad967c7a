using System.Text.Json;

namespace Platform.AppHost.Dashboard.Resources;

/// <summary>Every resource, and the Gateway's view of each service's model (<c>GET /api/health/models</c>).</summary>
public sealed record ResourceList(IReadOnlyList<ResourceView> Resources, JsonElement? Models);
