namespace Platform.ServiceDefaults.Grpc.Server;

/// <summary>Sends a server-streaming call's messages; each one is flushed to the caller as it is written.</summary>
public interface IServerStreamWriter<in T>
{
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
