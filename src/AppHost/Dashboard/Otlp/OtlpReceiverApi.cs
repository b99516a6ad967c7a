using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Platform.AppHost.Dashboard.Otlp.Collector;

namespace Platform.AppHost.Dashboard.Otlp;

/// <summary>OTLP/HTTP with protobuf bodies: <c>POST /v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>, as any OpenTelemetry SDK exports them.</summary>
public static class OtlpReceiverApi
{
    private static readonly byte[] TraceResponse = new ExportTraceServiceResponse().ToByteArray();
    private static readonly byte[] MetricsResponse = new ExportMetricsServiceResponse().ToByteArray();
    private static readonly byte[] LogsResponse = new ExportLogsServiceResponse().ToByteArray();

    public static IEndpointRouteBuilder MapOtlpReceiver(this IEndpointRouteBuilder endpoints)
    {
        var otlp = endpoints.MapGroup("/v1").WithTags("OTLP");
        otlp.MapPost("/traces", (HttpRequest request, OtlpIngestion ingestion, IOptions<DashboardOptions> options) =>
            ReceiveAsync(request, options.Value, ExportTraceServiceRequest.Parser, ingestion.Ingest, TraceResponse));
        otlp.MapPost("/metrics", (HttpRequest request, OtlpIngestion ingestion, IOptions<DashboardOptions> options) =>
            ReceiveAsync(request, options.Value, ExportMetricsServiceRequest.Parser, ingestion.Ingest, MetricsResponse));
        otlp.MapPost("/logs", (HttpRequest request, OtlpIngestion ingestion, IOptions<DashboardOptions> options) =>
            ReceiveAsync(request, options.Value, ExportLogsServiceRequest.Parser, ingestion.Ingest, LogsResponse));
        return endpoints;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ReceiveAsync<T>(
        HttpRequest request, DashboardOptions options, MessageParser<T> parser, Func<T, int> ingest, byte[] response)
        where T : IMessage<T>
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not ("application/x-protobuf" or "application/protobuf"))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported OTLP encoding",
                detail: $"This receiver takes OTLP/HTTP protobuf (Content-Type: application/x-protobuf), not '{request.ContentType}'. Set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf.");
        }

        if (request.ContentLength > options.MaxRequestBodyBytes)
        {
            return TooLarge(request, options);
        }

        byte[]? body;
        try
        {
            body = await ReadAsync(request, options.MaxRequestBodyBytes);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(request, options);
        }
        catch (InvalidDataException exception)
        {
            return Malformed<T>(exception.Message);
        }

        if (body is null)
        {
            return TooLarge(request, options);
        }

        T message;
        try
        {
            message = parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException exception)
        {
            return Malformed<T>(exception.Message);
        }

        ingest(message);
        return TypedResults.Bytes(response, "application/x-protobuf");
    }

    /// <summary>The body, gunzipped when so encoded; null when it is larger than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadAsync(HttpRequest request, int limit)
    {
        var gzip = string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase);
        await using var gunzip = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : null;
        var source = gunzip ?? request.Body;
        using var body = new MemoryStream();
        var buffer = new byte[81_920];
        int read;
        while ((read = await source.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            if (body.Length + read > limit)
            {
                return null;
            }

            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }

    private static ProblemHttpResult TooLarge(HttpRequest request, DashboardOptions options)
    {
        // The rest of the body stays unread, so the connection cannot carry another request: say so, or the client reuses it.
        request.HttpContext.Response.Headers.Connection = "close";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "OTLP payload too large",
            detail: $"The body is over Dashboard:MaxRequestBodyBytes ({options.MaxRequestBodyBytes} bytes). Export smaller batches.");
    }

    private static ProblemHttpResult Malformed<T>(string reason) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Malformed OTLP payload",
        detail: $"The body is not a valid {typeof(T).Name}: {reason}");
}
