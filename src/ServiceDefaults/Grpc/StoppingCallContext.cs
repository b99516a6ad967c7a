using Grpc.Core;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>A call's context whose cancellation also fires when the host stops; everything else is the call's own.</summary>
internal sealed class StoppingCallContext(ServerCallContext call, CancellationToken stopping) : ServerCallContext, IDisposable
{
    private readonly CancellationTokenSource callOrStopping = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken, stopping);

    // GetHttpContext() finds the request of a context it did not create under this key of its user state.
    private readonly IDictionary<object, object> userState = WithHttpContext(call);

    protected override string MethodCore => call.Method;

    protected override string HostCore => call.Host;

    protected override string PeerCore => call.Peer;

    protected override DateTime DeadlineCore => call.Deadline;

    protected override Metadata RequestHeadersCore => call.RequestHeaders;

    protected override CancellationToken CancellationTokenCore => callOrStopping.Token;

    protected override Metadata ResponseTrailersCore => call.ResponseTrailers;

    protected override Status StatusCore
    {
        get => call.Status;
        set => call.Status = value;
    }

    protected override WriteOptions? WriteOptionsCore
    {
        get => call.WriteOptions;
        set => call.WriteOptions = value;
    }

    protected override AuthContext AuthContextCore => call.AuthContext;

    protected override IDictionary<object, object> UserStateCore => userState;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => call.CreatePropagationToken(options);

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => call.WriteResponseHeadersAsync(responseHeaders);

    public void Dispose() => callOrStopping.Dispose();

    private static IDictionary<object, object> WithHttpContext(ServerCallContext call)
    {
        call.UserState["__HttpContext"] = call.GetHttpContext();
        return call.UserState;
    }
}
