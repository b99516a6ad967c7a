using Microsoft.Extensions.AI;

namespace Platform.LlmService.Tests.Providers;

/// <summary>What an <see cref="IChatClient"/> stream yielded: its text pieces, finish reason and usage.</summary>
public sealed record ChatStream(IReadOnlyList<ChatResponseUpdate> Updates)
{
    public IReadOnlyList<string> Pieces => [.. Updates.Select(update => update.Text).Where(text => text.Length > 0)];

    public string Text => string.Concat(Pieces);

    public ChatFinishReason? FinishReason => Updates.LastOrDefault(update => update.FinishReason is not null)?.FinishReason;

    public UsageDetails? Usage => Updates.SelectMany(update => update.Contents).OfType<UsageContent>().LastOrDefault()?.Details;

    public static async Task<ChatStream> ReadAsync(IChatClient client, string prompt, ChatOptions? options = null)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, prompt)], options, TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        return new ChatStream(updates);
    }
}
