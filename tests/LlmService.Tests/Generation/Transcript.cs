using Platform.Testing;
using Platform.Contracts.Grpc;
using Grpc.Core;
using Platform.Contracts.Llm;
using Platform.LlmService.Generation;

namespace Platform.LlmService.Tests.Generation;

/// <summary>Every event of one Generate call, in the order they arrived.</summary>
public sealed record Transcript(IReadOnlyList<GenerateEvent> Events)
{
    public GenerateEvent.Types.Started? Started => Events.FirstOrDefault(e => e.EventCase == GenerateEvent.EventOneofCase.Started)?.Started;

    public IReadOnlyList<GenerateEvent.Types.Token> Tokens => [.. Events.Where(e => e.EventCase == GenerateEvent.EventOneofCase.Token).Select(e => e.Token)];

    public GenerateEvent.Types.Completed? Completed => Events.LastOrDefault(e => e.EventCase == GenerateEvent.EventOneofCase.Completed)?.Completed;

    public string Text => string.Concat(Tokens.Select(token => token.Text));

    public static async Task<Transcript> CollectAsync(CallInvoker channel, GenerateRequest request, TimeSpan? timeout = null)
    {
        var events = new List<GenerateEvent>();
        var options = Calls.WithTimeout(timeout ?? TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await foreach (var generateEvent in new Llm.LlmClient(channel).Generate(request, options).ResponsesAsync())
        {
            events.Add(generateEvent);
        }

        return new Transcript(events);
    }
}
