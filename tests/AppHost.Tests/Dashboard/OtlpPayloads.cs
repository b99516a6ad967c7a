using Google.Protobuf;
using Platform.AppHost.Dashboard.Otlp.Collector;
using Platform.AppHost.Dashboard.Otlp.Common;
using Platform.AppHost.Dashboard.Otlp.Logs;
using Platform.AppHost.Dashboard.Otlp.Metrics;
using Platform.AppHost.Dashboard.Otlp.Trace;
using OtlpResource = Platform.AppHost.Dashboard.Otlp.Resource.Resource;
using SpanKind = Platform.AppHost.Dashboard.Otlp.Trace.Span.Types.SpanKind;

namespace Platform.AppHost.Tests.Dashboard;

/// <summary>OTLP export requests as an OpenTelemetry SDK sends them, built from the same message definitions.</summary>
internal static class OtlpPayloads
{
    public static readonly DateTimeOffset Epoch = DateTimeOffset.UtcNow.AddMinutes(-1);

    public static string NewTraceId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

    public static string NewSpanId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..8]);

    public static Span Span(
        string traceId, string spanId, string parentSpanId, string name, double startMs, double durationMs,
        SpanKind kind = SpanKind.Internal, bool error = false, params (string Key, object Value)[] attributes)
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString(traceId)),
            SpanId = ByteString.CopyFrom(Convert.FromHexString(spanId)),
            ParentSpanId = parentSpanId.Length == 0 ? ByteString.Empty : ByteString.CopyFrom(Convert.FromHexString(parentSpanId)),
            Name = name,
            Kind = kind,
            StartTimeUnixNano = Nanos(Epoch.AddMilliseconds(startMs)),
            EndTimeUnixNano = Nanos(Epoch.AddMilliseconds(startMs + durationMs)),
            Status = new Status { Code = error ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset },
        };
        span.Attributes.AddRange(attributes.Select(pair => Attribute(pair.Key, pair.Value)));
        return span;
    }

    public static ExportTraceServiceRequest Traces(string service, params Span[] spans)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "Platform.Tests" } };
        scope.Spans.AddRange(spans);
        var resource = new ResourceSpans { Resource = Resource(service) };
        resource.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resource);
        return request;
    }

    public static ExportLogsServiceRequest Logs(string service, params LogRecord[] records)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "Platform.Tests.Category" } };
        scope.LogRecords.AddRange(records);
        var resource = new ResourceLogs { Resource = Resource(service) };
        resource.ScopeLogs.Add(scope);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resource);
        return request;
    }

    public static LogRecord Log(string message, int severity = 9, string traceId = "") => new()
    {
        TimeUnixNano = Nanos(DateTimeOffset.UtcNow),
        SeverityNumber = severity,
        Body = new AnyValue { StringValue = message },
        TraceId = traceId.Length == 0 ? ByteString.Empty : ByteString.CopyFrom(Convert.FromHexString(traceId)),
    };

    /// <summary>One cumulative histogram point, as the .NET SDK exports a <c>Histogram&lt;double&gt;</c> each interval.</summary>
    public static ExportMetricsServiceRequest Histogram(string service, string name, DateTimeOffset started, DateTimeOffset at, double[] bounds, ulong[] counts, bool delta = false)
    {
        var point = new HistogramDataPoint
        {
            StartTimeUnixNano = Nanos(started),
            TimeUnixNano = Nanos(at),
            Count = counts.Aggregate(0UL, (sum, count) => sum + count),
            Sum = 0,
        };
        point.ExplicitBounds.AddRange(bounds);
        point.BucketCounts.AddRange(counts);
        var histogram = new Histogram
        {
            AggregationTemporality = delta ? AggregationTemporality.Delta : AggregationTemporality.Cumulative,
        };
        histogram.DataPoints.Add(point);
        var scope = new ScopeMetrics();
        scope.Metrics.Add(new Metric { Name = name, Unit = "ms", Histogram = histogram });
        var resource = new ResourceMetrics { Resource = Resource(service) };
        resource.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resource);
        return request;
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, IMessage message) =>
        await PostAsync(http, path, message.ToByteArray());

    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, byte[] body, string contentType = "application/x-protobuf")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return await http.PostAsync(path, content, TestContext.Current.CancellationToken);
    }

    private static OtlpResource Resource(string service)
    {
        var resource = new OtlpResource();
        resource.Attributes.Add(Attribute("service.name", service));
        return resource;
    }

    private static KeyValue Attribute(string key, object value) => new()
    {
        Key = key,
        Value = value switch
        {
            string text => new AnyValue { StringValue = text },
            bool flag => new AnyValue { BoolValue = flag },
            int number => new AnyValue { IntValue = number },
            long number => new AnyValue { IntValue = number },
            double number => new AnyValue { DoubleValue = number },
            _ => throw new ArgumentException($"No OTLP value for {value.GetType()}.", nameof(value)),
        },
    };

    private static ulong Nanos(DateTimeOffset at) => (ulong)(at - DateTimeOffset.UnixEpoch).Ticks * 100;
}
