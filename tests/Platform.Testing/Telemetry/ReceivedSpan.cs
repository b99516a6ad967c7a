using Google.Protobuf;
using Platform.ServiceDefaults.Tests.Telemetry.Otlp;

namespace Platform.ServiceDefaults.Tests.Telemetry;

public sealed record ReceivedSpan(string ServiceName, Span Span)
{
    public const int ServerKind = 2;

    public string Name => Span.Name;

    public string TraceId => Hex(Span.TraceId);

    public string SpanId => Hex(Span.SpanId);

    public string ParentSpanId => Hex(Span.ParentSpanId);

    public AnyValue? Attribute(string key) => Span.Attributes.FirstOrDefault(a => a.Key == key)?.Value;

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}
