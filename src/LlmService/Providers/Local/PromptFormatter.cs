using Microsoft.Extensions.AI;

namespace Platform.LlmService.Providers.Local;

/// <summary>
/// Turns a conversation into the prompt text the model was trained on: the GGUF's chat template when llama.cpp
/// supports it, otherwise the configured fallback (<c>plain</c> joins message texts, which is all a completion model
/// such as a story model can continue).
/// </summary>
internal sealed class PromptFormatter
{
    private static readonly (string Role, string Content)[] Probe = [("system", "s"), ("user", "u"), ("assistant", "a"), ("user", "u")];

    private readonly string? template;

    private PromptFormatter(string? template, string source)
    {
        this.template = template;
        Source = source;
    }

    /// <summary>Where the format comes from, in words, for the start-up log and the Models RPC.</summary>
    public string Source { get; }

    /// <summary>True when the model's own chat template is used; false for a fallback.</summary>
    public bool UsesModelTemplate { get; private init; }

    /// <summary>Whether special tokens written in the prompt text (such as <c>&lt;|im_start|&gt;</c>) are parsed as such.</summary>
    public bool ParseSpecialTokens => template is not null;

    public static PromptFormatter For(string? modelTemplate, string fallback)
    {
        if (modelTemplate is not null && LlamaModel.ApplyChatTemplate(modelTemplate, Probe, addAssistant: true) is not null)
        {
            return new PromptFormatter(modelTemplate, "the model's chat template") { UsesModelTemplate = true };
        }

        var why = modelTemplate is null ? "the model has no chat template" : "llama.cpp does not support the model's chat template";
        if (string.Equals(fallback, LlmOptions.PlainTemplate, StringComparison.OrdinalIgnoreCase))
        {
            return new PromptFormatter(null, $"fallback template 'plain' ({why}): message texts one per line, continued as a completion");
        }

        if (LlamaModel.ApplyChatTemplate(fallback, Probe, addAssistant: true) is null)
        {
            throw new InvalidOperationException(
                $"Setting 'Llm:FallbackTemplate' is '{fallback}', which is neither 'plain' nor a chat template llama.cpp knows (such as chatml, llama3, gemma).");
        }

        return new PromptFormatter(fallback, $"fallback template '{fallback}' ({why})");
    }

    public string Format(IEnumerable<ChatMessage> messages)
    {
        var turns = messages.Select(message => (message.Role.Value, message.Text)).ToList();
        if (template is null)
        {
            return Plain(turns);
        }

        return LlamaModel.ApplyChatTemplate(template, turns, addAssistant: true)
            ?? throw new InvalidOperationException("llama.cpp could not apply the chat template it accepted at start.");
    }

    /// <summary>
    /// Message texts one per line, except that a reply follows the message it answers directly: a completion model
    /// wrote it as the continuation of that text, so the conversation reads back as the very text the model saw and
    /// wrote, and the reply's tokens (kept by the prompt cache) are the ones the next prompt starts with.
    /// </summary>
    private static string Plain(List<(string Role, string Text)> turns)
    {
        var text = new System.Text.StringBuilder();
        foreach (var (role, content) in turns)
        {
            if (text.Length > 0 && role != ChatRole.Assistant.Value)
            {
                text.Append('\n');
            }

            text.Append(content);
        }

        return text.ToString();
    }
}
