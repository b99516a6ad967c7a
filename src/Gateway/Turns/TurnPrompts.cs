using Microsoft.Extensions.Options;
using Platform.Contracts.Llm;
using Platform.Gateway.Conversations;
using Platform.Gateway.Prompting;

namespace Platform.Gateway.Turns;

/// <summary>The prompt a turn sends to LlmService, built from the stored conversation (its summary, recent messages, scenario).</summary>
public sealed class TurnPrompts(ConversationStore store, ScenarioScoring scoring, IOptions<GatewayOptions> options)
{
    /// <summary>A scenario turn's score is its first event (after the transcript of a voice turn), before anything is generated.</summary>
    public async Task<GenerateRequest> ForStoredMessageAsync(TurnEmitter emitter, Conversation conversation, Guid turnId, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emitter);
        if (await scoring.ScoreAsync(conversation, turnId, message, cancellationToken) is { } metadata)
        {
            emitter.Emit(TurnEventKind.Metadata, metadata);
        }

        return RequestOf(await store.LoadPromptContextAsync(conversation, options.Value.PromptHistoryMessages, cancellationToken));
    }

    /// <summary>The prompt <paramref name="message"/>'s turn will build once the message is stored, built before it is.</summary>
    public async Task<GenerateRequest> ForUnstoredMessageAsync(Conversation conversation, string message, CancellationToken cancellationToken)
    {
        var window = options.Value.PromptHistoryMessages;
        var context = await store.LoadPromptContextAsync(conversation, window, cancellationToken);
        var unstored = new StoredMessage(Guid.Empty, null, "user", message, MessageStatus.Complete, null, null, null, null, null, DateTimeOffset.UtcNow);
        var recent = context.RecentMessages.Skip(context.RecentMessages.Count >= window ? 1 : 0).Append(unstored).ToList();
        return RequestOf(context with { RecentMessages = recent, MessagesSinceSummary = context.MessagesSinceSummary + 1 });
    }

    private GenerateRequest RequestOf(PromptContext context)
    {
        var request = new GenerateRequest
        {
            Options = new GenerationOptions { MaxTokens = options.Value.MaxReplyTokens },
            Priority = Priority.Interactive,
            CacheKey = context.Conversation.Id.ToString(),
        };
        request.Messages.AddRange(PromptBuilder.Build(context));
        return request;
    }
}
