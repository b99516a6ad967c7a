using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Platform.LlmService.Context;

/// <summary>
/// The context rule for providers whose tokenizer is not in this process (Ollama, OpenAI, Anthropic): the window is
/// <c>Llm:ContextSize</c> and a prompt's size an estimate. A UTF-8 byte count over three overestimates English (about
/// four characters a token) and matches scripts of three-byte characters (about one a token), so trimming errs on the
/// side of a prompt that fits.
/// </summary>
public sealed class EstimatedTokenCounter(IOptions<LlmOptions> options) : IPromptTokenCounter
{
    /// <summary>Role markers and separators that chat formats add around each message.</summary>
    public const int TokensPerMessage = 4;

    /// <summary>What a chat format adds once, such as the assistant's opening marker.</summary>
    public const int TokensPerPrompt = 3;

    public int ContextTokens { get; } = options.Value.ContextSize;

    public bool IsExact => false;

    public int CountPromptTokens(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var tokens = TokensPerPrompt;
        foreach (var message in messages)
        {
            tokens += TokensPerMessage + ((Encoding.UTF8.GetByteCount(message.Text) + 2) / 3);
        }

        return tokens;
    }
}
