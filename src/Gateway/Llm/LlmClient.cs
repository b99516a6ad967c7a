using Grpc.Core;
using Platform.Contracts.Llm;
using Platform.Contracts.Grpc;
using Platform.Gateway.ServiceCalls;

namespace Platform.Gateway.Llm;

/// <summary>The Gateway's connection to LlmService.</summary>
public sealed class LlmClient(Contracts.Llm.Llm.LlmClient llm)
{
    /// <summary>Generates; a request with a cache key goes to the replica that key's earlier prompts went to.</summary>
    public IAsyncEnumerable<GenerateEvent> GenerateAsync(GenerateRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = string.IsNullOrEmpty(request.CacheKey) ? null : new Metadata { { ReplicaAffinityHandler.Header, request.CacheKey } };
        return llm.Generate(request, headers, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ResponsesAsync(cancellationToken);
    }

    public async Task<ModelsReply> ModelsAsync(CancellationToken cancellationToken) =>
        await llm.ModelsAsync(new ModelsRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken);
}
