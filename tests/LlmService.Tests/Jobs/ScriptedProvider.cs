using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Platform.LlmService.Providers;

namespace Platform.LlmService.Tests.Jobs;

/// <summary>A provider that answers each generation with the next scripted text (the last one repeats) and records the requests.</summary>
public sealed class ScriptedProvider(params string[] answers) : ILlmProvider, IChatClient
{
    private readonly ConcurrentQueue<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> requests = new();
    private int next;

    public string Name => "scripted";

    public string Model => "scripted-model";

    public string Description => "answers from a script";

    public IChatClient ChatClient => this;

    public IReadOnlyList<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Requests => [.. requests];

    public Task LoadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public bool Serves(string model) => model == Model;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        requests.Enqueue(([.. messages], options));
        var answer = answers[Math.Min(Interlocked.Increment(ref next) - 1, answers.Length - 1)];
        await Task.Yield();
        // Two pieces, as a stream would deliver them, so the consumer has to join them.
        var half = answer.Length / 2;
        yield return new ChatResponseUpdate(ChatRole.Assistant, answer[..half]);
        yield return new ChatResponseUpdate(ChatRole.Assistant, answer[half..]);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
