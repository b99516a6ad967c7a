namespace Platform.ServiceDefaults.Grpc;

/// <summary>
/// A call that ended with a status other than OK. Handlers throw it to answer with that status;
/// clients receive it for every non-OK outcome, including deadlines, cancellation and lost connections.
/// </summary>
public sealed class RpcException : Exception
{
    public RpcException(Status status)
        : base($"{status.StatusCode}: {status.Detail}")
    {
        Status = status;
    }

    public RpcException(StatusCode code, string detail)
        : this(new Status(code, detail))
    {
    }

    public RpcException(Status status, Exception innerException)
        : base($"{status.StatusCode}: {status.Detail}", innerException)
    {
        Status = status;
    }

    public Status Status { get; }

    public StatusCode StatusCode => Status.StatusCode;
}
