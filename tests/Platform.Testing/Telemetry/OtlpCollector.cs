using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Testing.Telemetry.Otlp.Collector;

namespace Platform.Testing.Telemetry;

/// <summary>
/// An OTLP/HTTP protobuf receiver on a free loopback port that keeps the spans it is sent, and the latest value of each
/// counter, for asserting on the traces and metrics that service processes export. Point them at it with
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> = <see cref="Address"/> and <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>
/// (and a short <c>OTEL_METRIC_EXPORT_INTERVAL</c> for metrics); logs are accepted and dropped.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedSpan> spans = new();
    private readonly SemaphoreSlim arrived = new(0);
    private readonly ConcurrentDictionary<(string Service, string Metric, string Attributes), double> counters = new();

    private OtlpCollector(WebApplication app) => this.app = app;

    public Uri Address => new(app.Urls.Single());

    /// <summary>The settings that make a service export here.</summary>
    public IReadOnlyDictionary<string, string> ExporterSettings(string serviceName) => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Address.ToString(),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_SERVICE_NAME"] = serviceName,
    };

    public IReadOnlyList<ReceivedSpan> Spans => [.. spans];

    public static async Task<OtlpCollector> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/traces", collector.ReceiveTracesAsync);
        app.MapPost("/v1/metrics", collector.ReceiveMetricsAsync);
        app.MapPost("/v1/{signal}", () => Results.Bytes([], "application/x-protobuf"));
        await app.StartAsync(cancellationToken);
        return collector;
    }

    /// <summary>Waits until a span matching <paramref name="match"/> has arrived.</summary>
    public async Task<ReceivedSpan> WaitForSpanAsync(Func<ReceivedSpan, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            if (spans.FirstOrDefault(match) is { } span)
            {
                return span;
            }

            try
            {
                await arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No matching span arrived within {timeout.TotalSeconds:0.#} s; {spans.Count} spans arrived: " +
                    string.Join(", ", spans.Select(s => $"{s.ServiceName}/{s.Name}")));
            }
        }
    }

    /// <summary>
    /// The latest cumulative value a service exported for a counter's data point whose attributes include
    /// <paramref name="attribute"/> = <paramref name="value"/>, summed over such points; 0 when none arrived.
    /// </summary>
    public double Counter(string service, string metric, string attribute, string value) =>
        counters.Where(c => c.Key.Service == service && c.Key.Metric == metric && c.Key.Attributes.Split(';').Contains($"{attribute}={value}")).Sum(c => c.Value);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        arrived.Dispose();
    }

    private async Task<IResult> ReceiveMetricsAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        var export = ExportMetricsServiceRequest.Parser.ParseFrom(body.ToArray());
        foreach (var resource in export.ResourceMetrics)
        {
            var service = resource.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value.StringValue ?? string.Empty;
            foreach (var metric in resource.ScopeMetrics.SelectMany(scope => scope.Metrics).Where(m => m.DataCase == Otlp.Metrics.Metric.DataOneofCase.Sum))
            {
                foreach (var point in metric.Sum.DataPoints)
                {
                    var attributes = string.Join(';', point.Attributes.Select(a => $"{a.Key}={a.Value.StringValue}").Order(StringComparer.Ordinal));
                    var number = point.ValueCase == Otlp.Metrics.NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;
                    counters[(service, metric.Name, attributes)] = number;
                }
            }
        }

        return Results.Bytes([], "application/x-protobuf");
    }

    private async Task<IResult> ReceiveTracesAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        var export = ExportTraceServiceRequest.Parser.ParseFrom(body.ToArray());
        foreach (var resource in export.ResourceSpans)
        {
            var service = resource.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value.StringValue ?? string.Empty;
            foreach (var scope in resource.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    spans.Enqueue(new ReceivedSpan(service, scope.Scope?.Name ?? string.Empty, span));
                    arrived.Release();
                }
            }
        }

        return Results.Bytes([], "application/x-protobuf");
    }
}
