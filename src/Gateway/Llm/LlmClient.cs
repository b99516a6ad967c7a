using Platform.Contracts.Llm;
using Platform.ServiceDefaults.Grpc.Client;

namespace Platform.Gateway.Llm;

/// <summary>The Gateway's connection to LlmService.</summary>
public sealed class LlmClient(GrpcChannel channel)
{
    public IAsyncEnumerable<GenerateEvent> GenerateAsync(GenerateRequest request, TimeSpan timeout, CancellationToken cancellationToken) =>
        channel.ServerStreamingAsync(LlmMethods.Generate, request, GrpcCallOptions.WithTimeout(timeout, cancellationToken), cancellationToken);

    public Task<ModelsReply> ModelsAsync(CancellationToken cancellationToken) =>
        channel.UnaryAsync(LlmMethods.Models, new ModelsRequest(), GrpcCallOptions.WithTimeout(TimeSpan.FromSeconds(5), cancellationToken));
}
