using System.Globalization;
using Microsoft.Extensions.AI;
using Platform.Contracts.Llm;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;
using Platform.LlmService.Providers;
using Platform.LlmService.Scheduling;
using Grpc.Core;

namespace Platform.LlmService.Generation;

/// <summary>A checked <see cref="GenerateRequest"/> in the shape providers take; bad input is INVALID_ARGUMENT with the reason.</summary>
internal sealed record GenerationRequest(string Model, IReadOnlyList<ChatMessage> Messages, ChatOptions Options, GenerationPriority Priority)
{
    public const int MaxStopSequences = 8;
    public const int MaxStopLength = 256;
    public const int MaxCacheKeyLength = 256;

    /// <summary>The conversation whose earlier turns the prompt extends; null when the request names none.</summary>
    public string? CacheKey => Options.AdditionalProperties?.TryGetValue(ChatRequestProperties.CacheKey, out var key) == true ? key as string : null;

    public static GenerationRequest From(GenerateRequest request, LlmOptions settings, ILlmProvider provider)
    {
        if (request.Messages.Count == 0)
        {
            throw Invalid("messages is empty; send at least one message.");
        }

        var messages = new List<ChatMessage>(request.Messages.Count);
        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i];
            var role = message.Role switch
            {
                Role.System => ChatRole.System,
                Role.User => ChatRole.User,
                Role.Assistant => ChatRole.Assistant,
                _ => throw Invalid($"messages[{i}].role is {RoleName(message.Role)}; use ROLE_SYSTEM, ROLE_USER or ROLE_ASSISTANT."),
            };
            if (string.IsNullOrWhiteSpace(message.Content))
            {
                throw Invalid($"messages[{i}].content is empty.");
            }

            messages.Add(new ChatMessage(role, message.Content));
        }

        var model = request.Model.Length == 0 ? provider.Model : request.Model;
        if (!provider.Serves(model))
        {
            throw Invalid($"model '{request.Model}' is not served here; this service serves '{provider.Model}' (leave model empty for it).");
        }

        var priority = request.Priority switch
        {
            Contracts.Llm.Priority.Unspecified or Contracts.Llm.Priority.Interactive => GenerationPriority.Interactive,
            Contracts.Llm.Priority.Background => GenerationPriority.Background,
            _ => throw Invalid($"priority {(int)request.Priority} is unknown; use PRIORITY_INTERACTIVE or PRIORITY_BACKGROUND."),
        };

        var options = request.Options ?? new GenerationOptions();
        if (options.MaxTokens < 0 || options.MaxTokens > settings.MaxTokensLimit)
        {
            throw Invalid($"options.max_tokens is {options.MaxTokens}; it must be between 1 and {settings.MaxTokensLimit} (0 takes the default, {settings.DefaultMaxTokens}).");
        }

        if (!(options.Temperature is >= 0 and <= 2))
        {
            throw Invalid($"options.temperature is {options.Temperature.ToString(CultureInfo.InvariantCulture)}; it must be between 0 and 2.");
        }

        if (!(options.TopP is >= 0 and <= 1))
        {
            throw Invalid($"options.top_p is {options.TopP.ToString(CultureInfo.InvariantCulture)}; it must be between 0 and 1.");
        }

        if (options.TopK < 0)
        {
            throw Invalid($"options.top_k is {options.TopK}; it must not be negative.");
        }

        if (options.Stop.Count > MaxStopSequences || options.Stop.Any(stop => stop.Length is 0 or > MaxStopLength))
        {
            throw Invalid($"options.stop takes at most {MaxStopSequences} sequences of 1 to {MaxStopLength} characters.");
        }

        var chatOptions = new ChatOptions
        {
            ModelId = model,
            MaxOutputTokens = options.MaxTokens == 0 ? settings.DefaultMaxTokens : options.MaxTokens,
            Temperature = options.Greedy ? 0 : options.Temperature == 0 ? null : options.Temperature,
            TopK = options.Greedy || options.TopK == 0 ? null : options.TopK,
            TopP = options.Greedy || options.TopP == 0 ? null : options.TopP,
            Seed = options.Greedy || options.Seed == 0 ? null : options.Seed,
            StopSequences = options.Stop.Count == 0 ? null : [.. options.Stop],
            AdditionalProperties = new() { [ChatRequestProperties.Priority] = priority },
        };
        if (request.CacheKey.Length > MaxCacheKeyLength)
        {
            throw Invalid($"cache_key is {request.CacheKey.Length} characters; it takes at most {MaxCacheKeyLength}.");
        }

        if (request.CacheKey.Length > 0)
        {
            chatOptions.AdditionalProperties[ChatRequestProperties.CacheKey] = request.CacheKey;
        }

        return new GenerationRequest(model, messages, chatOptions, priority);
    }

    private static string RoleName(Role role) =>
        Enum.IsDefined(role) ? "ROLE_UNSPECIFIED" : ((int)role).ToString(CultureInfo.InvariantCulture);

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
