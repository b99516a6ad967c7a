using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Tests.Telemetry.Otlp;

namespace Platform.ServiceDefaults.Tests.Telemetry;

/// <summary>An OTLP/HTTP protobuf receiver that keeps the spans it is sent, for asserting on exported traces.</summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedSpan> spans = new();
    private readonly SemaphoreSlim arrived = new(0);

    private OtlpCollector(WebApplication app) => this.app = app;

    public Uri Address => new(app.Urls.Single());

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/traces", collector.ReceiveTracesAsync);
        app.MapPost("/v1/{signal}", () => Results.Bytes([], "application/x-protobuf"));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return collector;
    }

    /// <summary>Waits until a span matching <paramref name="match"/> has arrived.</summary>
    public async Task<ReceivedSpan> WaitForSpanAsync(Func<ReceivedSpan, bool> match, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            if (spans.FirstOrDefault(match) is { } span)
            {
                return span;
            }

            await arrived.WaitAsync(deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        arrived.Dispose();
    }

    private async Task<IResult> ReceiveTracesAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        var export = ExportTraceServiceRequest.Parser.ParseFrom(body.ToArray());
        foreach (var resource in export.ResourceSpans)
        {
            var service = resource.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value.StringValue ?? string.Empty;
            foreach (var span in resource.ScopeSpans.SelectMany(scope => scope.Spans))
            {
                spans.Enqueue(new ReceivedSpan(service, span));
                arrived.Release();
            }
        }

        return Results.Bytes([], "application/x-protobuf");
    }
}
