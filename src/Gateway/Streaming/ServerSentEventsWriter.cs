using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Platform.Gateway.Turns;

namespace Platform.Gateway.Streaming;

/// <summary>
/// Writes a turn's events as Server-Sent Events, flushing each one on its own, with <c>id: {turnId}:{seq}</c> so
/// that <c>Last-Event-ID</c> can resume, and a <c>: ping</c> comment when the stream has been quiet for the
/// heartbeat interval.
/// </summary>
public static class ServerSentEventsWriter
{
    public const string ContentType = "text/event-stream";

    public static async Task WriteAsync(HttpContext context, Guid turnId, IAsyncEnumerable<TurnEvent> events, TimeSpan heartbeat)
    {
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        Begin(context);
        using var tracked = GatewayTelemetry.TrackStream();
        using var writeGate = new SemaphoreSlim(1, 1);
        using var stopHeartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var lastWrite = Environment.TickCount64;

        async Task WriteAsync(string text)
        {
            await writeGate.WaitAsync(cancellationToken);
            try
            {
                Encoding.UTF8.GetBytes(text, response.BodyWriter);
                await response.BodyWriter.FlushAsync(cancellationToken);
                lastWrite = Environment.TickCount64;
            }
            finally
            {
                writeGate.Release();
            }
        }

        await response.BodyWriter.FlushAsync(cancellationToken);
        var heartbeats = SendHeartbeatsAsync(heartbeat, () => lastWrite, WriteAsync, stopHeartbeat.Token);
        try
        {
            await foreach (var turnEvent in events.WithCancellation(cancellationToken))
            {
                await WriteAsync(Format(turnId, turnEvent));
            }
        }
        catch (ReaderLaggedException lagged)
        {
            await WriteAsync($"event: {TurnEventNames.ServerSentEvent(TurnEventKind.Error)}\ndata: {JsonSerializer.Serialize(new TurnErrorPayload("reader_lagged", lagged.Message, Retryable: true), JsonSerializerOptions.Web)}\n\n");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; the turn goes on without it.
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeats;
        }
    }

    /// <summary>Makes the response an event stream that nothing between here and the client buffers.</summary>
    public static void Begin(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.ContentType = ContentType;
        context.Response.Headers.CacheControl = "no-cache, no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    public static string Format(Guid turnId, TurnEvent turnEvent) =>
        $"id: {turnId}:{turnEvent.Seq}\nevent: {TurnEventNames.ServerSentEvent(turnEvent.Kind)}\ndata: {turnEvent.Data}\n\n";

    /// <summary>Reads <c>Last-Event-ID</c> (header, or the <c>lastEventId</c> query for clients that cannot set headers).</summary>
    public static bool TryReadLastEventId(HttpRequest request, Guid turnId, out long afterSeq)
    {
        afterSeq = 0;
        var value = request.Headers["Last-Event-ID"].ToString();
        if (value.Length == 0)
        {
            value = request.Query["lastEventId"].ToString();
        }

        if (value.Length == 0)
        {
            return true;
        }

        var separator = value.LastIndexOf(':');
        return separator > 0
            && Guid.TryParse(value.AsSpan(0, separator), out var id) && id == turnId
            && long.TryParse(value.AsSpan(separator + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out afterSeq);
    }

    private static async Task SendHeartbeatsAsync(TimeSpan interval, Func<long> lastWrite, Func<string, Task> write, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (Environment.TickCount64 - lastWrite() >= (long)interval.TotalMilliseconds)
                {
                    await write(": ping\n\n");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The stream ended.
        }
    }
}
