using System.Runtime.CompilerServices;
using Grpc.Core;

namespace Platform.Contracts.Grpc;

public static class ServerStreamingCallExtensions
{
    /// <summary>
    /// The call's messages as they arrive; the call is disposed when the enumeration ends, so stopping early or
    /// cancelling resets the stream and the server's token is cancelled at once.
    /// </summary>
    public static async IAsyncEnumerable<T> ResponsesAsync<T>(this AsyncServerStreamingCall<T> call, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        using (call)
        {
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                yield return call.ResponseStream.Current;
            }
        }
    }
}
