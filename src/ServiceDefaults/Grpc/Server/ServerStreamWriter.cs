using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Grpc.Server;

internal sealed class ServerStreamWriter<T>(HttpContext context, int maxMessageSize, CancellationToken callToken) : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        callToken.ThrowIfCancellationRequested();
        var response = context.Response;
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = GrpcProtocol.ContentType;
            response.Headers[GrpcProtocol.EncodingHeader] = GrpcProtocol.IdentityEncoding;
        }

        GrpcFrame.Write(response.BodyWriter, message, maxMessageSize);
        var token = cancellationToken.CanBeCanceled ? cancellationToken : callToken;
        var flush = await response.BodyWriter.FlushAsync(token).ConfigureAwait(false);
        if (flush.IsCanceled || flush.IsCompleted)
        {
            throw new OperationCanceledException("The caller stopped reading.", token);
        }
    }
}
