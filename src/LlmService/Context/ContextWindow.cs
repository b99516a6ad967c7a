using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Platform.LlmService.Providers;

namespace Platform.LlmService.Context;

/// <summary>
/// Makes every prompt fit the model's context. A prompt is laid out as its system part (the leading system messages:
/// persona, instructions, the conversation's summary), its history, and the new message (the last one). When prompt
/// and reply do not fit, the oldest history messages are left out, never the system part or the new message, so the
/// layout, and with it a cached prefix, stays as it was. They are left out in blocks of <see cref="TrimStep"/>: the
/// fewest that fit, rounded up to a whole block (unless that leaves no history), so the first kept message stays the
/// same for the next few turns and the conversation's cached prefix with it (leaving out one more message every turn
/// would change the prefix right after the system part, and every turn would decode its whole prompt again). A reply
/// that would then lead the history goes too: a reply without its question only misleads. The reply gets what remains
/// of the context, and at least <c>Llm:MinReplyTokens</c> (or its own max_tokens when smaller); a prompt that cannot leave that even with the whole
/// history left out is refused.
/// </summary>
public sealed class ContextWindow(IPromptTokenCounter counter, IOptions<LlmOptions> options)
{
    /// <summary>
    /// Messages left out at a time. Even, so a block ends where a question begins; and the Gateway's own prompt window
    /// moves in blocks of the same size, so the two agree on where a conversation's kept history starts.
    /// </summary>
    public const int TrimStep = 10;

    public int ContextTokens => counter.ContextTokens;

    public FittedPrompt Fit(IReadOnlyList<ChatMessage> messages, int maxReplyTokens)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentOutOfRangeException.ThrowIfLessThan(messages.Count, 1);
        var reserve = ReserveFor(maxReplyTokens);
        var system = 0;
        while (system < messages.Count - 1 && messages[system].Role == ChatRole.System)
        {
            system++;
        }

        var history = messages.Count - 1 - system;
        var all = counter.CountPromptTokens(messages);
        if (Fits(all, reserve))
        {
            return new FittedPrompt(messages, 0, all, ReplyBudget(all, maxReplyTokens));
        }

        var bare = Without(messages, system, history);
        var bareTokens = history == 0 ? all : counter.CountPromptTokens(bare);
        if (!Fits(bareTokens, reserve))
        {
            throw new GenerationRejectedException(RejectionReason.ContextExceeded, Refusal(bareTokens, reserve, history > 0));
        }

        // Fewer messages never make a longer prompt, so the least to leave out is found by bisection: a few counts
        // instead of one per message.
        int fitting = history, fittingTokens = bareTokens, tooFew = 0;
        while (fitting - tooFew > 1)
        {
            var middle = tooFew + ((fitting - tooFew) / 2);
            var tokens = counter.CountPromptTokens(Without(messages, system, middle));
            if (Fits(tokens, reserve))
            {
                (fitting, fittingTokens) = (middle, tokens);
            }
            else
            {
                tooFew = middle;
            }
        }

        // A whole block, unless that would leave no history at all: a context that small keeps what it can instead.
        var block = (fitting + TrimStep - 1) / TrimStep * TrimStep;
        var dropped = block < history ? block : fitting;
        while (dropped < history && messages[system + dropped].Role == ChatRole.Assistant)
        {
            dropped++;
        }

        if (dropped != fitting)
        {
            fittingTokens = counter.CountPromptTokens(Without(messages, system, dropped));
        }

        return new FittedPrompt(Without(messages, system, dropped), dropped, fittingTokens, ReplyBudget(fittingTokens, maxReplyTokens));
    }

    /// <summary>
    /// The most of <paramref name="count"/> items whose prompt, made by <paramref name="prompt"/>, fits with room for a
    /// reply of <paramref name="maxReplyTokens"/>; 0 when not even the first one does. For prompts made of a list that
    /// may be worked through in steps, such as a long conversation to summarize.
    /// </summary>
    public int MostThatFit(int count, Func<int, IReadOnlyList<ChatMessage>> prompt, int maxReplyTokens)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var reserve = ReserveFor(maxReplyTokens);
        int fitting = 0, tooMany = count + 1;
        while (tooMany - fitting > 1)
        {
            var middle = fitting + ((tooMany - fitting) / 2);
            if (Fits(counter.CountPromptTokens(prompt(middle)), reserve))
            {
                fitting = middle;
            }
            else
            {
                tooMany = middle;
            }
        }

        return fitting;
    }

    private int ReserveFor(int maxReplyTokens) => Math.Max(1, Math.Min(maxReplyTokens, options.Value.MinReplyTokens));

    private bool Fits(int promptTokens, int reserve) => promptTokens + reserve <= counter.ContextTokens;

    private int ReplyBudget(int promptTokens, int maxReplyTokens) => Math.Min(maxReplyTokens, counter.ContextTokens - promptTokens);

    private static List<ChatMessage> Without(IReadOnlyList<ChatMessage> messages, int system, int dropped)
    {
        var kept = new List<ChatMessage>(messages.Count - dropped);
        for (var i = 0; i < messages.Count; i++)
        {
            if (i < system || i >= system + dropped)
            {
                kept.Add(messages[i]);
            }
        }

        return kept;
    }

    private string Refusal(int promptTokens, int reserve, bool historyLeftOut) => string.Create(CultureInfo.InvariantCulture,
        $"The prompt is {(counter.IsExact ? "" : "about ")}{promptTokens} tokens{(historyLeftOut ? " even with every earlier message left out" : "")} " +
        $"(the system part and the new message), and the reply needs at least {reserve}, but the model's context holds " +
        $"{counter.ContextTokens} tokens per request; shorten the message.");
}
