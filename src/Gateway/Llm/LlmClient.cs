using Platform.Contracts.Llm;
using Platform.Contracts.Grpc;

namespace Platform.Gateway.Llm;

/// <summary>The Gateway's connection to LlmService.</summary>
public sealed class LlmClient(Contracts.Llm.Llm.LlmClient llm)
{
    public IAsyncEnumerable<GenerateEvent> GenerateAsync(GenerateRequest request, TimeSpan timeout, CancellationToken cancellationToken) =>
        llm.Generate(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ResponsesAsync(cancellationToken);

    public async Task<ModelsReply> ModelsAsync(CancellationToken cancellationToken) =>
        await llm.ModelsAsync(new ModelsRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken);
}
