using Platform.AppHost.Dashboard.Logs;
using Platform.AppHost.Dashboard.Metrics;
using Platform.AppHost.Dashboard.Otlp.Collector;
using Platform.AppHost.Dashboard.Traces;
using OtlpMetric = Platform.AppHost.Dashboard.Otlp.Metrics;
using OtlpSpan = Platform.AppHost.Dashboard.Otlp.Trace.Span;
using OtlpStatus = Platform.AppHost.Dashboard.Otlp.Trace.Status;

namespace Platform.AppHost.Dashboard.Otlp;

/// <summary>Turns OTLP export requests into what the stores keep.</summary>
public sealed class OtlpIngestion(SpanStore spans, LogStore logs, MetricStore metrics)
{
    private readonly StringPool names = new();

    public int Ingest(ExportTraceServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var batch = new List<StoredSpan>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var service = names.Get(OtlpValues.ServiceName(resourceSpans.Resource));
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scope = names.Get(scopeSpans.Scope?.Name ?? string.Empty);
                foreach (var span in scopeSpans.Spans)
                {
                    batch.Add(new StoredSpan(
                        OtlpValues.Hex(span.TraceId),
                        OtlpValues.Hex(span.SpanId),
                        OtlpValues.Hex(span.ParentSpanId),
                        service,
                        scope,
                        names.Get(span.Name),
                        Kind(span.Kind),
                        OtlpValues.Time(span.StartTimeUnixNano),
                        OtlpValues.Time(span.EndTimeUnixNano),
                        Status(span.Status),
                        span.Status?.Message ?? string.Empty,
                        Attributes(span.Attributes),
                        [.. span.Events.Select(spanEvent => new SpanEvent(names.Get(spanEvent.Name), OtlpValues.Time(spanEvent.TimeUnixNano), Attributes(spanEvent.Attributes)))],
                        [.. span.Links.Select(link => new SpanLink(OtlpValues.Hex(link.TraceId), OtlpValues.Hex(link.SpanId), Attributes(link.Attributes)))]));
                }
            }
        }

        spans.Add(batch);
        return batch.Count;
    }

    public int Ingest(ExportLogsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var batch = new List<StoredLogRecord>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var service = names.Get(OtlpValues.ServiceName(resourceLogs.Resource));
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                var scope = names.Get(scopeLogs.Scope?.Name ?? string.Empty);
                foreach (var record in scopeLogs.LogRecords)
                {
                    batch.Add(new StoredLogRecord(
                        OtlpValues.Time(record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano),
                        service,
                        scope,
                        names.Get(record.SeverityText.Length > 0 ? record.SeverityText : SeverityName(record.SeverityNumber)),
                        record.SeverityNumber,
                        OtlpValues.Text(record.Body),
                        Attributes(record.Attributes),
                        OtlpValues.Hex(record.TraceId),
                        OtlpValues.Hex(record.SpanId)));
                }
            }
        }

        logs.Add(batch);
        return batch.Count;
    }

    public int Ingest(ExportMetricsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var count = 0;
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var service = names.Get(OtlpValues.ServiceName(resourceMetrics.Resource));
            foreach (var metric in resourceMetrics.ScopeMetrics.SelectMany(scope => scope.Metrics))
            {
                var name = names.Get(metric.Name);
                var unit = names.Get(metric.Unit);
                var description = names.Get(metric.Description);
                switch (metric.DataCase)
                {
                    case OtlpMetric.Metric.DataOneofCase.Histogram:
                        var isDelta = metric.Histogram.AggregationTemporality == OtlpMetric.AggregationTemporality.Delta;
                        foreach (var point in metric.Histogram.DataPoints)
                        {
                            metrics.Add(
                                new MetricSeries(service, name, unit, description, MetricKind.Histogram, isDelta, Key(point.Attributes)),
                                new MetricPoint(
                                    OtlpValues.Time(point.TimeUnixNano),
                                    OtlpValues.Time(point.StartTimeUnixNano),
                                    point.Count,
                                    point.Count,
                                    point.HasSum ? point.Sum : 0,
                                    [.. point.BucketCounts],
                                    [.. point.ExplicitBounds]));
                            count++;
                        }

                        break;
                    case OtlpMetric.Metric.DataOneofCase.Sum:
                        count += AddNumbers(service, name, unit, description, MetricKind.Sum, metric.Sum.AggregationTemporality == OtlpMetric.AggregationTemporality.Delta, metric.Sum.DataPoints);
                        break;
                    case OtlpMetric.Metric.DataOneofCase.Gauge:
                        count += AddNumbers(service, name, unit, description, MetricKind.Gauge, isDelta: false, metric.Gauge.DataPoints);
                        break;
                    default:
                        break;
                }
            }
        }

        return count;
    }

    private int AddNumbers(string service, string name, string unit, string description, MetricKind kind, bool isDelta, IEnumerable<OtlpMetric.NumberDataPoint> points)
    {
        var count = 0;
        foreach (var point in points)
        {
            var value = point.ValueCase == OtlpMetric.NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;
            metrics.Add(
                new MetricSeries(service, name, unit, description, kind, isDelta, Key(point.Attributes)),
                new MetricPoint(OtlpValues.Time(point.TimeUnixNano), OtlpValues.Time(point.StartTimeUnixNano), value));
            count++;
        }

        return count;
    }

    private KeyValuePair<string, object>[] Attributes(Google.Protobuf.Collections.RepeatedField<Common.KeyValue> attributes)
    {
        var values = OtlpValues.Attributes(attributes);
        for (var index = 0; index < values.Length; index++)
        {
            values[index] = new(names.Get(values[index].Key), values[index].Value);
        }

        return values;
    }

    private string Key(Google.Protobuf.Collections.RepeatedField<Common.KeyValue> attributes) =>
        names.Get(string.Join(", ", attributes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={OtlpValues.Text(pair.Value)}")));

    private static string Kind(OtlpSpan.Types.SpanKind kind) => kind switch
    {
        OtlpSpan.Types.SpanKind.Server => "server",
        OtlpSpan.Types.SpanKind.Client => "client",
        OtlpSpan.Types.SpanKind.Producer => "producer",
        OtlpSpan.Types.SpanKind.Consumer => "consumer",
        _ => "internal",
    };

    private static string Status(OtlpStatus? status) => status?.Code switch
    {
        OtlpStatus.Types.StatusCode.Error => "error",
        OtlpStatus.Types.StatusCode.Ok => "ok",
        _ => "unset",
    };

    /// <summary>The severity ranges of the OpenTelemetry log data model (1-4 trace ... 21-24 fatal).</summary>
    private static string SeverityName(int number) => number switch
    {
        <= 0 => "unspecified",
        <= 4 => "trace",
        <= 8 => "debug",
        <= 12 => "info",
        <= 16 => "warn",
        <= 20 => "error",
        _ => "fatal",
    };
}
