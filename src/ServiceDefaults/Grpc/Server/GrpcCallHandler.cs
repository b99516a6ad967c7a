using System.Diagnostics;
using Google.Protobuf;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Grpc.Server;

/// <summary>Serves one call: checks the request, reads its message, runs the handler and ends with a status.</summary>
internal static partial class GrpcCallHandler
{
    public static async Task HandleAsync<TRequest, TResponse>(
        HttpContext context,
        GrpcMethod<TRequest, TResponse> method,
        Func<TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var options = context.RequestServices.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        activity?.SetTag("rpc.system", "grpc");
        activity?.SetTag("rpc.service", method.ServiceName);
        activity?.SetTag("rpc.method", method.Name);

        if (RejectRequest(context) is { } rejection)
        {
            await WriteRejectionAsync(context, rejection, activity).ConfigureAwait(false);
            return;
        }

        var deadline = DateTime.MaxValue;
        using var callCancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (GrpcProtocol.TryParseTimeout(context.Request.Headers[GrpcProtocol.TimeoutHeader], out var timeout))
        {
            deadline = DateTime.UtcNow + timeout;
            callCancellation.CancelAfter(timeout);
        }

        var call = new ServerCallContext(context, method.Path, deadline, activity, callCancellation.Token);
        var writer = new ServerStreamWriter<TResponse>(context, options.MaxSendMessageSize, call.CancellationToken);
        Status status;
        try
        {
            var request = await ReadSingleMessageAsync(context, method.RequestParser, options.MaxReceiveMessageSize, call.CancellationToken).ConfigureAwait(false);
            await handler(request, writer, call).ConfigureAwait(false);
            status = Status.Ok;
        }
        catch (RpcException ex)
        {
            status = ex.Status;
        }
        catch (OperationCanceledException) when (callCancellation.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            status = new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }
        catch (OperationCanceledException)
        {
            // The caller reset the stream or stopped reading, which the writer can notice before RequestAborted fires.
            status = new Status(StatusCode.Cancelled, "The call was cancelled by the caller.");
        }
        catch (Exception ex) when (context.RequestAborted.IsCancellationRequested && ex is IOException or ConnectionAbortedException)
        {
            status = new Status(StatusCode.Cancelled, "The call was cancelled by the caller.");
        }
#pragma warning disable CA1031 // A handler fault must become INTERNAL, never a stack trace on the wire.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogHandlerFault(Logger(context), method.Path, ex);
            status = new Status(StatusCode.Internal, "Exception was thrown by handler.");
        }

        if (status.StatusCode == StatusCode.OK && callCancellation.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            status = new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }

        activity?.SetTag("rpc.grpc.status_code", (int)status.StatusCode);
        if (status.StatusCode != StatusCode.OK)
        {
            activity?.SetStatus(ActivityStatusCode.Error, status.Detail);
        }

        if (!context.RequestAborted.IsCancellationRequested)
        {
            WriteStatus(context, status);
        }
    }

    private static async Task<TRequest> ReadSingleMessageAsync<TRequest>(HttpContext context, MessageParser<TRequest> parser, int maxSize, CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
    {
        var reader = context.Request.BodyReader;
        var request = await GrpcFrame.ReadAsync(reader, parser, maxSize, cancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(StatusCode.Internal, "Request did not include a message.");

        if (await GrpcFrame.ReadAsync(reader, parser, maxSize, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new RpcException(StatusCode.Internal, "Additional data after the message received.");
        }

        return request;
    }

    private static Rejection? RejectRequest(HttpContext context)
    {
        var request = context.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            return new Rejection(StatusCodes.Status426UpgradeRequired,
                new Status(StatusCode.Internal, $"Request protocol '{request.Protocol}' is not supported; gRPC needs HTTP/2."));
        }

        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            return new Rejection(StatusCodes.Status415UnsupportedMediaType,
                new Status(StatusCode.Internal, $"Content-Type '{request.ContentType}' is not supported; use '{GrpcProtocol.ContentType}'."));
        }

        var encoding = request.Headers[GrpcProtocol.EncodingHeader].ToString();
        if (encoding.Length > 0 && !string.Equals(encoding, GrpcProtocol.IdentityEncoding, StringComparison.Ordinal))
        {
            return new Rejection(StatusCodes.Status200OK,
                new Status(StatusCode.Unimplemented, $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: identity."));
        }

        return null;
    }

    private static Task WriteRejectionAsync(HttpContext context, Rejection rejection, Activity? activity)
    {
        activity?.SetTag("rpc.grpc.status_code", (int)rejection.Status.StatusCode);
        activity?.SetStatus(ActivityStatusCode.Error, rejection.Status.Detail);
        context.Response.StatusCode = rejection.HttpStatus;
        WriteStatus(context, rejection.Status);
        return Task.CompletedTask;
    }

    /// <summary>Sends the status in trailers, or as a trailers-only response when nothing was sent yet.</summary>
    internal static void WriteStatus(HttpContext context, Status status)
    {
        var response = context.Response;
        var code = ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!response.HasStarted)
        {
            response.ContentType = GrpcProtocol.ContentType;
            response.Headers[GrpcProtocol.StatusHeader] = code;
            if (status.Detail.Length > 0)
            {
                response.Headers[GrpcProtocol.MessageHeader] = GrpcProtocol.EncodeMessage(status.Detail);
            }

            return;
        }

        response.AppendTrailer(GrpcProtocol.StatusHeader, code);
        if (status.Detail.Length > 0)
        {
            response.AppendTrailer(GrpcProtocol.MessageHeader, GrpcProtocol.EncodeMessage(status.Detail));
        }
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Platform.ServiceDefaults.Grpc.Server");

    [LoggerMessage(Level = LogLevel.Error, Message = "gRPC handler for {Method} failed; the caller gets INTERNAL.")]
    private static partial void LogHandlerFault(ILogger logger, string method, Exception exception);

    private sealed record Rejection(int HttpStatus, Status Status);
}
