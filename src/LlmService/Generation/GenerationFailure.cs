using Anthropic.Exceptions;
using Platform.LlmService.Providers;
using Grpc.Core;

namespace Platform.LlmService.Generation;

/// <summary>
/// Turns what a provider throws into the gRPC status a caller can act on: its own mistakes are INVALID_ARGUMENT,
/// a prompt past the model's context OUT_OF_RANGE (apart, so callers can say which limit), a full queue or a rate
/// limit RESOURCE_EXHAUSTED, a failing upstream or a stopping service UNAVAILABLE (worth a retry).
/// </summary>
internal static class GenerationFailure
{
    /// <summary>The status for <paramref name="exception"/>, or null to let it through (cancellation, and local faults, which are INTERNAL).</summary>
    public static RpcException? ToRpcException(Exception exception, string provider) => exception switch
    {
        RpcException rpc => rpc,
        OperationCanceledException => null,
        GenerationRejectedException { Reason: RejectionReason.InvalidRequest } rejected => new RpcException(new Status(StatusCode.InvalidArgument, rejected.Message)),
        GenerationRejectedException { Reason: RejectionReason.ContextExceeded } rejected => new RpcException(new Status(StatusCode.OutOfRange, rejected.Message)),
        GenerationRejectedException { Reason: RejectionReason.ShuttingDown } rejected => new RpcException(new Status(StatusCode.Unavailable, rejected.Message)),
        GenerationRejectedException rejected => new RpcException(new Status(StatusCode.ResourceExhausted, rejected.Message)),
        ProviderException failed => FromHttpStatus(failed.HttpStatus, failed.Message),
        System.ClientModel.ClientResultException failed => FromHttpStatus(failed.Status == 0 ? null : failed.Status, Describe(provider, failed)),
        AnthropicApiException failed => FromHttpStatus((int)failed.StatusCode, Describe(provider, failed)),
        AnthropicException failed => new RpcException(new Status(StatusCode.Unavailable, Describe(provider, failed))),
        HttpRequestException failed => FromHttpStatus((int?)failed.StatusCode, Describe(provider, failed)),
        _ when provider == "local" => null,
        _ => new RpcException(new Status(StatusCode.Unavailable, Describe(provider, exception))),
    };

    private static RpcException FromHttpStatus(int? status, string message) => new(new Status(status switch
    {
        400 or 404 or 413 or 422 => StatusCode.InvalidArgument,
        429 => StatusCode.ResourceExhausted,
        _ => StatusCode.Unavailable,
    }, message));

    private static string Describe(string provider, Exception exception) => $"The {provider} provider failed: {exception.Message}";
}
