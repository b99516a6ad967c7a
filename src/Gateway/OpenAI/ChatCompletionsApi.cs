using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Contracts.Llm;
using Platform.Gateway.Conversations;
using Platform.Gateway.Errors;
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
        var check = ChatCompletionValidator.Check(request, options.Value.MaxMessageChars * 4, options.Value.MaxReplyTokens);
        if (check.Valid is not { } valid)
        {
            return Error(check.Status, check.Message!, check.Param);
        }

        request = valid.Request;
        var prompt = valid.Prompt;
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
                    MaxTokens = valid.MaxTokens,
                    Temperature = request.Temperature ?? 0,
                    Greedy = request.Temperature is 0,
                    TopP = request.TopP ?? 0,
                    Seed = request.Seed ?? 0,
                },
            };
            generate.Options.Stop.AddRange(valid.Stops);
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

        if (request.Stream && await EarlyRefusal.WaitAsync(turn.Stream, options.Value.HeartbeatInterval, context.RequestAborted) is { } refused)
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
        : Error(TurnErrorStatus.Of(error), error.Message, null, error.Code);

    /// <summary>Problem details that also carry OpenAI's <c>error</c> object, so both kinds of client understand them.</summary>
    internal static IResult Error(int status, string message, string? param, string? code = null) =>
        TypedResults.Problem(statusCode: status, title: ReasonPhrases(status), detail: message, extensions: new Dictionary<string, object?>
        {
            ["error"] = new OpenAIError(message, OpenAIError.TypeOf(status), param, code),
        });

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    internal static JsonSerializerOptions SerializerOptions => Json;
}
