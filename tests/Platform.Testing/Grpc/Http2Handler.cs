namespace Platform.Testing.Grpc;

public static class Http2Handler
{
    /// <summary>
    /// HTTP/2 to a service under test, over several connections when streams pile up, as the Gateway calls it; the
    /// caller's trace context goes with each call.
    /// </summary>
    public static SocketsHttpHandler Create() => new()
    {
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        UseProxy = false,
    };
}
