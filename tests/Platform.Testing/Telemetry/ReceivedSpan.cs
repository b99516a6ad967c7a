using Google.Protobuf;
using Platform.Testing.Telemetry.Otlp;

namespace Platform.Testing.Telemetry;

/// <summary>A span as an OTLP exporter sent it: the service that sent it, its instrumentation scope and the span.</summary>
public sealed record ReceivedSpan(string ServiceName, string ScopeName, Span Span)
{
    public const int InternalKind = 1;
    public const int ServerKind = 2;
    public const int ClientKind = 3;
    public const int ConsumerKind = 5;

    public string Name => Span.Name;

    public string TraceId => Hex(Span.TraceId);

    public string SpanId => Hex(Span.SpanId);

    public string ParentSpanId => Hex(Span.ParentSpanId);

    public AnyValue? Attribute(string key) => Span.Attributes.FirstOrDefault(a => a.Key == key)?.Value;

    public bool HasEvent(string name) => Span.Events.Any(e => e.Name == name);

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}
