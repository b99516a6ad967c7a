using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Contracts.Llm;
using Platform.Gateway.Conversations;
using Platform.Gateway.Identity;
using Platform.Gateway.Llm;
using Platform.Gateway.Turns;
using Grpc.Core;

namespace Platform.Gateway.OpenAI;

/// <summary>
/// OpenAI's chat-completions API on the same turn pipeline, so any OpenAI client can use the platform. Stateless by
/// default: the request's messages are the whole prompt and nothing is stored. With <c>X-Conversation-Id</c> the
/// last user message becomes a turn of that stored conversation instead.
/// </summary>
public static class ChatCompletionsApi
{
    public const string ConversationHeader = "X-Conversation-Id";
    private const int MaxTokensLimit = 4_096;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IEndpointRouteBuilder MapOpenAIApi(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup("/v1").WithTags("OpenAI").RequireAuthorization();
        v1.MapPost("/chat/completions", CompleteAsync);
        v1.MapGet("/models", ModelsAsync);
        return endpoints;
    }

    private static async Task<IResult> CompleteAsync(ChatCompletionRequest? request, HttpContext context, TurnStarter starter, ConversationStore store, IOptions<GatewayOptions> options)
    {
        var receivedAt = RequestArrival.Of(context);
        if (request?.Messages is not { Count: > 0 } messages)
        {
            return Error(StatusCodes.Status400BadRequest, "'messages' must hold at least one message.", "messages");
        }

        var prompt = new List<ChatMessage>();
        foreach (var (message, index) in messages.Select((m, i) => (m, i)))
        {
            if (ToRole(message.Role) is not { } role)
            {
                return Error(StatusCodes.Status400BadRequest, $"messages[{index}].role '{message.Role}' is not one of system, developer, user, assistant.", $"messages[{index}].role");
            }

            if (TextOf(message.Content) is not { } text)
            {
                return Error(StatusCodes.Status400BadRequest, $"messages[{index}].content must be a string or an array of text parts.", $"messages[{index}].content");
            }

            if (text.Length > options.Value.MaxMessageChars * 4)
            {
                return Error(StatusCodes.Status413PayloadTooLarge, $"messages[{index}].content is longer than this server accepts.", $"messages[{index}].content");
            }

            prompt.Add(new ChatMessage { Role = role, Content = text });
        }

        var maxTokens = request.MaxCompletionTokens ?? request.MaxTokens ?? options.Value.MaxReplyTokens;
        if (maxTokens is < 1 or > MaxTokensLimit)
        {
            return Error(StatusCodes.Status400BadRequest, $"max_tokens must be between 1 and {MaxTokensLimit}.", "max_tokens");
        }

        if (StopsOf(request.Stop) is not { } stops)
        {
            return Error(StatusCodes.Status400BadRequest, "stop must be a string or an array of at most 4 strings.", "stop");
        }

        var userId = context.User.UserId();
        TurnStart started;
        if (context.Request.Headers[ConversationHeader].ToString() is { Length: > 0 } bound)
        {
            if (!Guid.TryParse(bound, out var conversationId) || await store.FindAsync(conversationId, userId, context.RequestAborted) is not { } conversation)
            {
                return Error(StatusCodes.Status404NotFound, $"There is no conversation '{bound}'.", ConversationHeader, "conversation_not_found");
            }

            if (prompt[^1].Role != Role.User)
            {
                return Error(StatusCodes.Status400BadRequest, "With X-Conversation-Id the last message must be the user's new message.", "messages");
            }

            started = await starter.StartAsync(userId, conversation, prompt[^1].Content, receivedAt, context.RequestAborted);
        }
        else
        {
            var generate = new GenerateRequest
            {
                Priority = Priority.Interactive,
                Options = new GenerationOptions
                {
                    MaxTokens = maxTokens,
                    Temperature = request.Temperature ?? 0,
                    Greedy = request.Temperature is 0,
                    TopP = request.TopP ?? 0,
                    Seed = request.Seed ?? 0,
                },
            };
            generate.Options.Stop.AddRange(stops);
            generate.Messages.AddRange(prompt);
            started = await starter.StartStatelessAsync(userId, generate, receivedAt);
        }

        if (started.Turn is not { } turn)
        {
            if (started.Refusal!.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Error(started.Refusal.HttpStatus, started.Refusal.Message, null, started.Refusal.Code);
        }

        var stateless = turn.Stream.ConversationId == Guid.Empty;
        if (stateless)
        {
            // Nobody can resume a stateless turn, so a client that hangs up means the work is no longer wanted.
            context.RequestAborted.Register(turn.Cancel);
        }

        if (request.Stream && await ContextRefusal.WaitAsync(turn.Stream, options.Value.HeartbeatInterval, context.RequestAborted) is { } refused)
        {
            return Failed(refused);
        }

        var id = $"chatcmpl-{turn.Stream.TurnId:N}";
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return request.Stream
            ? new ChatCompletionStreamResult(id, created, request.Model, turn.Stream, request.StreamOptions?.IncludeUsage == true)
            : await AnswerAsync(id, created, request.Model, turn.Stream, context.RequestAborted);
    }

    private static async Task<IResult> AnswerAsync(string id, long created, string? requestedModel, TurnStream stream, CancellationToken cancellationToken)
    {
        var model = requestedModel ?? string.Empty;
        await foreach (var turnEvent in stream.ReadAsync(0, cancellationToken))
        {
            switch (turnEvent.Type)
            {
                case TurnEvent.Started:
                    model = JsonSerializer.Deserialize<TurnStartedPayload>(turnEvent.Data, JsonSerializerOptions.Web)!.Model;
                    break;
                case TurnEvent.Completed:
                    var completed = JsonSerializer.Deserialize<TurnCompletedPayload>(turnEvent.Data, JsonSerializerOptions.Web)!;
                    return Results.Json(new
                    {
                        id,
                        @object = "chat.completion",
                        created,
                        model,
                        choices = new[] { new { index = 0, message = new { role = "assistant", content = completed.Text }, finish_reason = FinishReason(completed) } },
                        usage = Usage(completed.Usage),
                    }, Json);
                case TurnEvent.Error:
                    return Failed(JsonSerializer.Deserialize<TurnErrorPayload>(turnEvent.Data, JsonSerializerOptions.Web)!);
            }
        }

        return Error(StatusCodes.Status499ClientClosedRequest, "The request was cancelled.", null, "cancelled");
    }

    private static async Task<IResult> ModelsAsync(LlmClient llm, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await llm.ModelsAsync(cancellationToken);
            return Results.Json(new
            {
                @object = "list",
                data = reply.Models.Select(m => new { id = m.Id, @object = "model", created = 0, owned_by = m.Provider }),
            }, Json);
        }
        catch (RpcException ex)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, $"The model service is unavailable: {ex.Status.Detail}", null, "llm_unavailable");
        }
    }

    internal static string FinishReason(TurnCompletedPayload completed) =>
        completed.Status == MessageStatus.Cancelled ? "stop" : completed.FinishReason is "length" or "max_tokens" ? "length" : "stop";

    /// <summary>OpenAI's usage, plus <c>dropped_messages</c>: the oldest messages left out so the prompt fit the model's context.</summary>
    internal static object Usage(TurnUsage usage) => new
    {
        prompt_tokens = usage.PromptTokens,
        completion_tokens = usage.CompletionTokens,
        total_tokens = usage.PromptTokens + usage.CompletionTokens,
        dropped_messages = usage.DroppedMessages,
    };

    /// <summary>Messages too long for the model's context get OpenAI's own answer for them: 400 context_length_exceeded on messages.</summary>
    private static IResult Failed(TurnErrorPayload error) => error.Code == TurnErrorPayload.ContextLengthExceeded
        ? Error(StatusCodes.Status400BadRequest, error.Message, "messages", error.Code)
        : Error(error.Retryable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway, error.Message, null, error.Code);

    /// <summary>Problem details that also carry OpenAI's <c>error</c> object, so both kinds of client understand them.</summary>
    internal static IResult Error(int status, string message, string? param, string? code = null) =>
        TypedResults.Problem(statusCode: status, title: ReasonPhrases(status), detail: message, extensions: new Dictionary<string, object?>
        {
            ["error"] = new { message, type = status >= 500 ? "server_error" : "invalid_request_error", param, code },
        });

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    private static Role? ToRole(string? role) => role switch
    {
        "system" or "developer" => Role.System,
        "user" => Role.User,
        "assistant" => Role.Assistant,
        _ => null,
    };

    private static string? TextOf(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString();
            case JsonValueKind.Array:
                var text = new StringBuilder();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.GetString() != "text"
                        || !part.TryGetProperty("text", out var value) || value.ValueKind != JsonValueKind.String)
                    {
                        return null;
                    }

                    text.Append(value.GetString());
                }

                return text.ToString();
            default:
                return null;
        }
    }

    private static string[]? StopsOf(JsonElement? stop) => stop switch
    {
        null or { ValueKind: JsonValueKind.Null } => [],
        { ValueKind: JsonValueKind.String } one => [one.GetString()!],
        { ValueKind: JsonValueKind.Array } many when many.GetArrayLength() <= 4 && many.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String) =>
            many.EnumerateArray().Select(s => s.GetString()!).ToArray(),
        _ => null,
    };

    internal static JsonSerializerOptions SerializerOptions => Json;
}
