using Microsoft.Extensions.Options;

namespace Platform.LlmService;

/// <summary>The rules that span several settings, each failure naming the setting to change.</summary>
internal sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var failures = new List<string>();
        if (options.DefaultMaxTokens > options.MaxTokensLimit)
        {
            failures.Add($"Setting 'Llm:DefaultMaxTokens' ({options.DefaultMaxTokens}) must not exceed 'Llm:MaxTokensLimit' ({options.MaxTokensLimit}).");
        }

        if (options.ParallelSequences > 1 && options.BackgroundSequences >= options.ParallelSequences)
        {
            failures.Add($"Setting 'Llm:BackgroundSequences' ({options.BackgroundSequences}) must be less than 'Llm:ParallelSequences' ({options.ParallelSequences}), so a person's request always finds a free slot.");
        }

        if (options.ContextSize > 0 && options.MinReplyTokens >= options.ContextSize)
        {
            failures.Add($"Setting 'Llm:MinReplyTokens' ({options.MinReplyTokens}) must be less than 'Llm:ContextSize' ({options.ContextSize}), so a prompt has room.");
        }

        if (options.PromptCache.MaxMegabytes is < 0 or > 1_048_576)
        {
            failures.Add($"Setting 'Llm:PromptCache:MaxMegabytes' ({options.PromptCache.MaxMegabytes}) must be between 0 (no cache) and 1048576.");
        }

        if (options.PromptCache.MaxConversations is < 0 or > 10_000_000)
        {
            failures.Add($"Setting 'Llm:PromptCache:MaxConversations' ({options.PromptCache.MaxConversations}) must be between 0 (no cache) and 10000000.");
        }

        if (options.Provider == LlmProviderKind.Local)
        {
            if (!string.IsNullOrWhiteSpace(options.ModelPath) && !File.Exists(options.ModelPath))
            {
                failures.Add($"Setting 'Llm:ModelPath' is '{options.ModelPath}', which is not a file.");
            }
        }
        else
        {
            var provider = options.Provider.ToString().ToLowerInvariant();
            if (options.ContextSize == 0)
            {
                failures.Add($"Setting 'Llm:ContextSize' must be the model's context window in tokens for provider '{provider}' (0 means the training context, which only a local model knows).");
            }

            if (string.IsNullOrWhiteSpace(options.Model))
            {
                failures.Add($"Setting 'Llm:Model' is required for provider '{provider}' (for example qwen2.5:3b, gpt-4o-mini or claude-haiku-4-5).");
            }

            if (options.BaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
            {
                failures.Add($"Setting 'Llm:BaseUrl' is '{url}', which is not an absolute http(s) URL.");
            }

            var keyRequired = options.Provider == LlmProviderKind.Anthropic || (options.Provider == LlmProviderKind.OpenAI && options.BaseUrl is null);
            if (keyRequired && string.IsNullOrWhiteSpace(options.ApiKey))
            {
                failures.Add($"Setting 'Llm:ApiKey' is required for provider '{provider}'" +
                    (options.Provider == LlmProviderKind.OpenAI ? " unless 'Llm:BaseUrl' points at a server without keys." : "."));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
