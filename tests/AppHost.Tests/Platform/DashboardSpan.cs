using System.Text.Json;

namespace Platform.AppHost.Tests.Platform;

/// <summary>A span as the Aspire dashboard's telemetry API returns it (OTLP JSON).</summary>
public sealed record DashboardSpan(string Service, string Name, string TraceId, string SpanId, string? ParentSpanId, IReadOnlyDictionary<string, string?> Attributes)
{
    public static List<DashboardSpan> From(JsonElement answer) =>
        [.. from resourceSpans in answer.GetProperty("data").GetProperty("resourceSpans").EnumerateArray()
            let service = ServiceName(resourceSpans)
            from scopeSpans in resourceSpans.GetProperty("scopeSpans").EnumerateArray()
            from span in scopeSpans.GetProperty("spans").EnumerateArray()
            select new DashboardSpan(
                service,
                span.GetProperty("name").GetString()!,
                span.GetProperty("traceId").GetString()!,
                span.GetProperty("spanId").GetString()!,
                span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() : null,
                AttributesOf(span))];

    private static string ServiceName(JsonElement resourceSpans) =>
        resourceSpans.TryGetProperty("resource", out var resource)
            ? AttributesOf(resource).GetValueOrDefault("service.name") ?? string.Empty
            : string.Empty;

    private static Dictionary<string, string?> AttributesOf(JsonElement owner) =>
        owner.TryGetProperty("attributes", out var attributes)
            ? attributes.EnumerateArray().ToDictionary(
                attribute => attribute.GetProperty("key").GetString()!,
                attribute => (string?)attribute.GetProperty("value").EnumerateObject().FirstOrDefault().Value.ToString())
            : [];
}
