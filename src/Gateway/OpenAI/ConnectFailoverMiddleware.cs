using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.OpenAI;

/// <summary>
/// Sends a <c>/v1</c> request whose replica refused the connection (its process is gone and nothing was sent) to
/// another available replica, in the moments before the health checks take the dead one out. Only a refused connection
/// is retried: a request that reached a replica may have been acted on, and a response that started cannot be taken
/// back. The request's body must be readable again: the chat body is already held in memory, and a body up to
/// <see cref="BufferedBodyBytes"/> is buffered; a larger one (a transcription's audio) is not retried.
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
            if (!rewindable || context.Response.HasStarted || proxy.ProxiedDestination is not { } refused
                || context.GetForwarderErrorFeature() is not { Error: ForwarderError.Request, Exception: { } error } || !IsRefusedConnection(error))
            {
                return;
            }

            candidates = [.. candidates.Where(destination => destination != refused)];
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

    private static bool IsRefusedConnection(Exception error)
    {
        for (var inner = error; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
            {
                return true;
            }
        }

        return false;
    }
}
