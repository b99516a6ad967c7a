using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Platform.ServiceDefaults.Grpc.Client;

/// <summary>
/// One call on the wire: sends the request, then reads response messages until the status. Every failure leaves
/// as an <see cref="RpcException"/>. Disposing it before the end resets the HTTP/2 stream, which the server sees
/// as cancellation.
/// </summary>
internal sealed class GrpcCall<TRequest, TResponse> : IDisposable
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private readonly HttpMessageInvoker invoker;
    private readonly Uri address;
    private readonly GrpcMethod<TRequest, TResponse> method;
    private readonly GrpcChannelOptions options;
    private readonly GrpcCallOptions callOptions;
    private readonly CancellationTokenSource callCancellation;
    private readonly Activity? activity;
    private HttpResponseMessage? response;
    private PipeReader? reader;
    private bool finished;

    public GrpcCall(HttpMessageInvoker invoker, Uri address, GrpcMethod<TRequest, TResponse> method, GrpcChannelOptions options, GrpcCallOptions callOptions, Activity? activity)
    {
        this.invoker = invoker;
        this.address = address;
        this.method = method;
        this.options = options;
        this.callOptions = callOptions;
        this.activity = activity;
        callCancellation = CancellationTokenSource.CreateLinkedTokenSource(callOptions.CancellationToken);
        if (callOptions.Deadline is { } deadline)
        {
            var remaining = deadline - DateTime.UtcNow;
            callCancellation.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        }
    }

    public TResponse Current { get; private set; } = null!;

    public async Task StartAsync(TRequest request, CancellationToken attemptToken)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(address, method.Path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(GrpcFrame.ToArray(request, options.MaxSendMessageSize)),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocol.ContentType);
        message.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        message.Headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.IdentityEncoding);
        message.Headers.UserAgent.Add(new ProductInfoHeaderValue("grpc-platform-dotnet", "1.0"));
        if (callOptions.Deadline is { } deadline)
        {
            message.Headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcProtocol.FormatTimeout(deadline - DateTime.UtcNow));
        }

        foreach (var (name, value) in callOptions.Headers ?? new Dictionary<string, string>())
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        // The call's own span is the parent the server sees, not the HTTP request beneath it.
        if ((activity ?? Activity.Current) is { } parent)
        {
            DistributedContextPropagator.Current.Inject(parent, message, static (carrier, name, value) =>
                ((HttpRequestMessage)carrier!).Headers.TryAddWithoutValidation(name, value));
        }

        response = await RunAsync(token => invoker.SendAsync(message, token), attemptToken, "starting").ConfigureAwait(false);
        ValidateHeaders(response);
        reader = PipeReader.Create(await response.Content.ReadAsStreamAsync(callCancellation.Token).ConfigureAwait(false));
    }

    public async ValueTask<bool> MoveNextAsync(CancellationToken attemptToken = default)
    {
        if (finished || reader is null)
        {
            return false;
        }

        var next = await RunAsync(
            token => GrpcFrame.ReadAsync(reader, method.ResponseParser, options.MaxReceiveMessageSize, token).AsTask(),
            attemptToken,
            "reading").ConfigureAwait(false);
        if (next is not null)
        {
            Current = next;
            return true;
        }

        finished = true;
        Complete(ReadStatus(response!.TrailingHeaders) ?? ReadStatus(response.Headers)
            ?? new Status(StatusCode.Internal, "No grpc-status found on the response."));
        return false;
    }

    public void Dispose()
    {
        reader?.Complete();
        response?.Dispose();
        callCancellation.Dispose();
    }

    private void ValidateHeaders(HttpResponseMessage message)
    {
        var headerStatus = ReadStatus(message.Headers);
        if (message.StatusCode != HttpStatusCode.OK && headerStatus is null)
        {
            Complete(new Status(GrpcProtocol.FromHttpStatus((int)message.StatusCode), $"Bad gRPC response. HTTP status code: {(int)message.StatusCode}."));
        }

        if (!GrpcProtocol.IsGrpcContentType(message.Content.Headers.ContentType?.MediaType) && headerStatus is null)
        {
            Complete(new Status(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {message.Content.Headers.ContentType}."));
        }

        if (headerStatus is { } trailersOnly)
        {
            finished = true;
            Complete(trailersOnly);
        }
    }

    private void Complete(Status status)
    {
        activity?.SetTag("rpc.grpc.status_code", (int)status.StatusCode);
        if (status.StatusCode != StatusCode.OK)
        {
            activity?.SetStatus(ActivityStatusCode.Error, status.Detail);
            throw new RpcException(status);
        }
    }

    private static Status? ReadStatus(HttpHeaders headers)
    {
        if (!headers.TryGetValues(GrpcProtocol.StatusHeader, out var values))
        {
            return null;
        }

        var code = int.TryParse(values.FirstOrDefault(), System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? (StatusCode)parsed : StatusCode.Unknown;
        var detail = headers.TryGetValues(GrpcProtocol.MessageHeader, out var messages) ? GrpcProtocol.DecodeMessage(messages.FirstOrDefault()) : string.Empty;
        return new Status(code, detail);
    }

    /// <summary>Runs one wire operation under the call's deadline and cancellation, translating every failure to a status.</summary>
    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken attemptToken, string stage)
    {
        using var linked = attemptToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(callCancellation.Token, attemptToken) : null;
        try
        {
            return await operation(linked?.Token ?? callCancellation.Token).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            Complete(ex.Status);
            throw;
        }
        catch (OperationCanceledException) when (callOptions.CancellationToken.IsCancellationRequested)
        {
            Complete(new Status(StatusCode.Cancelled, "Call cancelled by the caller."));
            throw;
        }
        catch (OperationCanceledException) when (callCancellation.IsCancellationRequested)
        {
            Complete(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));
            throw;
        }
        catch (HttpProtocolException ex)
        {
            Complete(new Status(ex.ErrorCode == 0x8 ? StatusCode.Cancelled : StatusCode.Internal, $"Error {stage} the call: the server reset the stream ({ex.ErrorCode:X})."));
            throw;
        }
        catch (HttpRequestException ex)
        {
            Complete(new Status(StatusCode.Unavailable, $"Error {stage} the call: {ex.Message}"));
            throw;
        }
        catch (IOException ex)
        {
            Complete(new Status(StatusCode.Unavailable, $"Error {stage} the call: {ex.Message}"));
            throw;
        }
    }
}
