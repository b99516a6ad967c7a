using System.Net.Sockets;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.OpenAI;

/// <summary>
/// Sends a <c>/v1</c> request whose replica is gone to another available replica, in the moments before the health
/// checks take the dead one out: its connection was refused, or reset before any response (a pooled connection to a
/// process that just died). Nothing else is retried: a replica that answered, even with an error, has spoken, and a
/// response that started cannot be taken back. Running the request again is safe because every <c>/v1</c> route is a
/// computation with nothing stored at the replica. The request's body must be readable again: the chat body is already
/// held in memory, and a body up to <see cref="BufferedBodyBytes"/> is buffered; a larger one (a transcription's audio)
/// is not retried.
/// </summary>
public sealed class ConnectFailoverMiddleware(RequestDelegate next)
{
    private const int BufferedBodyBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        var candidates = proxy.AvailableDestinations;
        var rewindable = MakeRewindable(context.Request);
        while (true)
        {
            await next(context);
            if (!rewindable || context.Response.HasStarted || proxy.ProxiedDestination is not { } gone
                || context.GetForwarderErrorFeature() is not { Error: ForwarderError.Request, Exception: { } error } || !IsGone(error))
            {
                return;
            }

            candidates = [.. candidates.Where(destination => destination != gone)];
            if (candidates.Count == 0)
            {
                return;
            }

            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
            if (context.Request.Body.CanSeek)
            {
                context.Request.Body.Position = 0;
            }

            proxy.AvailableDestinations = candidates;
        }
    }

    private static bool MakeRewindable(HttpRequest request)
    {
        if (request.Body.CanSeek || request.ContentLength == 0 || (request.ContentLength is null && !HttpMethods.IsPost(request.Method) && !HttpMethods.IsPut(request.Method)))
        {
            return true;
        }

        if (request.ContentLength is > 0 and <= BufferedBodyBytes)
        {
            request.EnableBuffering(BufferedBodyBytes);
            return true;
        }

        return false;
    }

    private static bool IsGone(Exception error)
    {
        for (var inner = error; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } or SocketException { SocketErrorCode: SocketError.ConnectionReset })
            {
                return true;
            }
        }

        return false;
    }
}
