using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Platform.Gateway.Conversations;
using Platform.Gateway.Errors;
using Platform.Gateway.Identity;
using Platform.Gateway.Speech;
using Platform.Gateway.Streaming;
using Platform.Gateway.Turns;

namespace Platform.Gateway.Api;

public static class TurnsApi
{
    public static IEndpointRouteBuilder MapTurnsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/conversations/{conversationId:guid}/turns", StartAsync).WithTags("Turns").RequireAuthorization();
        var turns = endpoints.MapGroup("/api/turns/{turnId:guid}").WithTags("Turns").RequireAuthorization();
        turns.MapGet("/events", EventsAsync);
        turns.MapPost("/cancel", CancelAsync);
        return endpoints;
    }

    private static async Task<IResult> StartAsync(
        Guid conversationId,
        HttpContext context,
        ConversationStore store,
        TurnStarter starter,
        IOptions<GatewayOptions> options)
    {
        var receivedAt = RequestArrival.Of(context);
        if (await store.FindAsync(conversationId, context.User.UserId(), context.RequestAborted) is not { } conversation)
        {
            return ConversationsApi.NotFound(conversationId);
        }

        TurnStart started;
        if (context.Request.HasFormContentType)
        {
            var (input, problem) = await SpokenInputReader.ReadAsync(context, conversation.Language, options.Value.MaxAudioBytes);
            if (input is null)
            {
                return problem!;
            }

            started = await starter.StartVoiceAsync(context.User.UserId(), conversation, input);
        }
        else if (context.Request.HasJsonContentType())
        {
            TurnRequest? request;
            try
            {
                request = await context.Request.ReadFromJsonAsync<TurnRequest>(JsonSerializerOptions.Web, context.RequestAborted);
            }
            catch (JsonException ex)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: JsonProblem.Describe(ex));
            }

            var spoken = request?.Speak == true ? new ReplyVoice(conversation.Language, request.Voice ?? string.Empty) : null;
            started = await starter.StartAsync(context.User.UserId(), conversation, request?.Content, receivedAt, context.RequestAborted, spoken);
        }
        else
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send a text turn as application/json {\"content\": ...}, or a voice turn as multipart/form-data with an 'audio' part.");
        }

        if (started.Turn is not { } turn)
        {
            var refusal = started.Refusal!;
            if (refusal.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return TypedResults.Problem(statusCode: refusal.HttpStatus, title: "The turn was not started", detail: refusal.Message,
                extensions: new Dictionary<string, object?> { ["code"] = refusal.Code });
        }

        context.Response.Headers["X-Turn-Id"] = turn.Stream.TurnId.ToString();
        if (AcceptsEventStream(context.Request))
        {
            if (await EarlyRefusal.WaitAsync(turn.Stream, options.Value.HeartbeatInterval, context.RequestAborted) is { } refused)
            {
                return Failed(turn.Stream.TurnId, refused);
            }

            return new TurnEventsResult(turn.Stream.TurnId, turn.Stream.ReadAsync(0, context.RequestAborted), options.Value.HeartbeatInterval);
        }

        return await AnswerOnceAsync(turn.Stream, context.RequestAborted);
    }

    private static async Task<IResult> EventsAsync(Guid turnId, HttpContext context, TurnEventReader reader, ConversationStore store, IOptions<GatewayOptions> options)
    {
        if (!ServerSentEventsWriter.TryReadLastEventId(context.Request, turnId, out var afterSeq))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Last-Event-ID",
                detail: $"Last-Event-ID must be '{turnId}:<seq>', as sent in the 'id' field of this turn's events.");
        }

        return await reader.OpenAsync(turnId, afterSeq, context.RequestAborted) is { } opened
            && await store.FindAsync(opened.ConversationId, context.User.UserId(), context.RequestAborted) is not null
            ? new TurnEventsResult(turnId, opened.Events, options.Value.HeartbeatInterval)
            : TurnNotFound(turnId);
    }

    private static async Task<IResult> CancelAsync(Guid turnId, HttpContext context, TurnEventReader reader, ConversationStore store, LiveTurns liveTurns, TurnEventLog eventLog)
    {
        if (await reader.FindConversationAsync(turnId) is not { } conversationId
            || await store.FindAsync(conversationId, context.User.UserId(), context.RequestAborted) is null)
        {
            return TurnNotFound(turnId);
        }

        if (liveTurns.Find(turnId) is { } live)
        {
            if (live.Stream.IsFinished)
            {
                return AlreadyFinished(turnId);
            }

            live.Cancel();
            return TypedResults.Accepted((string?)null);
        }

        return await eventLog.PublishCancelAsync(turnId)
            ? TypedResults.Accepted((string?)null)
            : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Cancel could not be delivered",
                detail: "The turn runs on another Gateway replica and Redis, which carries the cancel, is unavailable.");
    }

    private static async Task<IResult> AnswerOnceAsync(TurnStream stream, CancellationToken cancellationToken)
    {
        await foreach (var turnEvent in stream.ReadAsync(0, cancellationToken))
        {
            switch (turnEvent.Kind)
            {
                case TurnEventKind.Completed:
                    var completed = JsonSerializer.Deserialize<TurnCompletedPayload>(turnEvent.Data, JsonSerializerOptions.Web)!;
                    return TypedResults.Ok(new TurnResponse(completed.TurnId, stream.ConversationId, completed.Text, completed.Status, completed.Usage, completed.Timings));
                case TurnEventKind.Error:
                    return Failed(stream.TurnId, JsonSerializer.Deserialize<TurnErrorPayload>(turnEvent.Data, JsonSerializerOptions.Web)!);
            }
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "The turn ended without a result");
    }

    private static ProblemHttpResult Failed(Guid turnId, TurnErrorPayload error) => TypedResults.Problem(
        statusCode: TurnErrorStatus.Of(error),
        title: "The turn failed",
        detail: error.Message,
        extensions: new Dictionary<string, object?> { ["code"] = error.Code, ["retryable"] = error.Retryable, ["turnId"] = turnId });

    private static bool AcceptsEventStream(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(ServerSentEventsWriter.ContentType, StringComparison.OrdinalIgnoreCase));

    private static ProblemHttpResult TurnNotFound(Guid turnId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Turn not found",
            detail: $"There is no turn {turnId}, or its events have expired; the stored reply is in its conversation.");

    private static ProblemHttpResult AlreadyFinished(Guid turnId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Turn already finished", detail: $"Turn {turnId} has already ended.");
}
