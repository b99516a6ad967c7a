namespace Platform.LlmService.Providers;

/// <summary>
/// The HTTP clients of the remote providers. A stream the caller abandons must end upstream at once: by default
/// SocketsHttpHandler drains an unread response for up to two seconds to reuse its connection, and the provider keeps
/// generating (and billing) all that time. Here an abandoned response closes its connection instead.
/// </summary>
internal static class UpstreamHttp
{
    public static HttpClient CreateClient(Uri? baseAddress = null, DelegatingHandler? handler = null)
    {
        var sockets = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxResponseDrainSize = 0,
            ResponseDrainTimeout = TimeSpan.Zero,
        };
        if (handler is not null)
        {
            handler.InnerHandler = sockets;
        }

        return new HttpClient(handler ?? (HttpMessageHandler)sockets)
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }
}
