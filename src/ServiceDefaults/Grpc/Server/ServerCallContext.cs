using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Grpc.Server;

/// <summary>What a handler knows about the call it serves.</summary>
public sealed class ServerCallContext
{
    internal ServerCallContext(HttpContext httpContext, string method, DateTime deadline, Activity? span, CancellationToken cancellationToken)
    {
        HttpContext = httpContext;
        Method = method;
        Span = span;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    /// <summary>The method's path, <c>/{package}.{Service}/{Method}</c>.</summary>
    public string Method { get; }

    /// <summary>When the caller stops waiting (UTC); <see cref="DateTime.MaxValue"/> when it set no deadline.</summary>
    public DateTime Deadline { get; }

    /// <summary>
    /// The call's server span (the request's activity, named after the method's span name and a child of the caller's
    /// client span); handlers add their attributes and events to it. Null when nothing records traces.
    /// </summary>
    public Activity? Span { get; }

    /// <summary>Cancelled when the caller resets the stream, disconnects, or its deadline passes.</summary>
    public CancellationToken CancellationToken { get; }

    public IHeaderDictionary RequestHeaders => HttpContext.Request.Headers;

    public HttpContext HttpContext { get; }
}
