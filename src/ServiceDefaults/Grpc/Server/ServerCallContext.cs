using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Grpc.Server;

/// <summary>What a handler knows about the call it serves.</summary>
public sealed class ServerCallContext
{
    internal ServerCallContext(HttpContext httpContext, string method, DateTime deadline, CancellationToken cancellationToken)
    {
        HttpContext = httpContext;
        Method = method;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    /// <summary>The method's path, <c>/{package}.{Service}/{Method}</c>.</summary>
    public string Method { get; }

    /// <summary>When the caller stops waiting (UTC); <see cref="DateTime.MaxValue"/> when it set no deadline.</summary>
    public DateTime Deadline { get; }

    /// <summary>Cancelled when the caller resets the stream, disconnects, or its deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    public IHeaderDictionary RequestHeaders => HttpContext.Request.Headers;

    public HttpContext HttpContext { get; }
}
