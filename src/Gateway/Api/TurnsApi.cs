using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
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
        endpoints.MapPost("/api/conversations/{conversationId:guid}/turns", StartAsync).WithTags("Turns").RequireAuthorization()
            .WithDescription("With 'Accept: text/event-stream' the reply streams as Server-Sent Events (turn.started, transcription, token, "
                + "audio, turn.completed, error; the same stream as GET /api/turns/{turnId}/events); otherwise it is one JSON answer when "
                + "the turn ends. A spoken message is multipart/form-data with an 'audio' part.");
        var turns = endpoints.MapGroup("/api/turns/{turnId:guid}").WithTags("Turns").RequireAuthorization();
        turns.MapGet("/events", EventsAsync);
        turns.MapPost("/cancel", CancelAsync);
        return endpoints;
    }

    /// <summary>
    /// A typed (JSON) or spoken (multipart) message: the reply as Server-Sent Events for a client that accepts them,
    /// otherwise as one JSON answer when the turn ends.
    /// </summary>
    private static async Task<Results<TurnEventsResult, Ok<TurnResponse>, ProblemHttpResult>> StartAsync(
        Guid conversationId, HttpContext context, [AsParameters] TurnServices services)
    {
        var receivedAt = RequestArrival.Of(context);
        var userId = context.User.UserId();
        if (await services.Store.FindAsync(conversationId, userId, context.RequestAborted) is not { } conversation)
        {
            return ConversationsApi.NotFound(conversationId);
        }

        TurnStart started;
        if (context.Request.HasFormContentType)
        {
            var (input, problem) = await SpokenInputReader.ReadAsync(context, conversation.Language, services.Options.Value.MaxAudioBytes);
            if (input is null)
            {
                return problem!;
            }

            started = await services.Starter.StartVoiceAsync(userId, conversation, input);
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
            started = await services.Starter.StartAsync(userId, conversation, request?.Content, receivedAt, context.RequestAborted, spoken);
        }
        else
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send a text turn as application/json {\"content\": ...}, or a voice turn as multipart/form-data with an 'audio' part.");
        }

        if (started.Turn is not { } turn)
        {
            return Refused(context.Response, started.Refusal!);
        }

        var stream = turn.Stream;
        context.Response.Headers["X-Turn-Id"] = stream.TurnId.ToString();
        if (!AcceptsEventStream(context.Request))
        {
            return await LastEventAsync(stream, context.RequestAborted) switch
            {
                { Kind: TurnEventKind.Completed } completed => TypedResults.Ok(Answer(stream, Payload<TurnCompletedPayload>(completed))),
                { Kind: TurnEventKind.Error } error => Failed(stream.TurnId, Payload<TurnErrorPayload>(error)),
                _ => TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "The turn ended without a result"),
            };
        }

        return await EarlyRefusal.WaitAsync(stream, services.Options.Value.HeartbeatInterval, context.RequestAborted) is { } refused
            ? Failed(stream.TurnId, refused)
            : new TurnEventsResult(stream.TurnId, stream.ReadAsync(0, context.RequestAborted), services.Options.Value.HeartbeatInterval);
    }

    /// <summary>Replays a turn's events after <c>Last-Event-ID</c>, then follows it, whichever replica runs it.</summary>
    private static async Task<Results<TurnEventsResult, ProblemHttpResult>> EventsAsync(Guid turnId, HttpContext context, [AsParameters] TurnServices services)
    {
        if (!ServerSentEventsWriter.TryReadLastEventId(context.Request, turnId, out var afterSeq))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Last-Event-ID",
                detail: $"Last-Event-ID must be '{turnId}:<seq>', as sent in the 'id' field of this turn's events.");
        }

        return await services.Reader.OpenAsync(turnId, afterSeq, context.RequestAborted) is { } opened
            && await services.Store.FindAsync(opened.ConversationId, context.User.UserId(), context.RequestAborted) is not null
            ? new TurnEventsResult(turnId, opened.Events, services.Options.Value.HeartbeatInterval)
            : TurnNotFound(turnId);
    }

    /// <summary>Stops a running turn, here or through Redis on the replica that runs it.</summary>
    private static async Task<Results<Accepted, ProblemHttpResult>> CancelAsync(Guid turnId, HttpContext context, [AsParameters] TurnServices services)
    {
        if (await services.Reader.FindConversationAsync(turnId) is not { } conversationId
            || await services.Store.FindAsync(conversationId, context.User.UserId(), context.RequestAborted) is null)
        {
            return TurnNotFound(turnId);
        }

        if (services.LiveTurns.Find(turnId) is { } live)
        {
            if (live.Stream.IsFinished)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Turn already finished", detail: $"Turn {turnId} has already ended.");
            }

            live.Cancel();
            return TypedResults.Accepted((string?)null);
        }

        return await services.EventLog.PublishCancelAsync(turnId)
            ? TypedResults.Accepted((string?)null)
            : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Cancel could not be delivered",
                detail: "The turn runs on another Gateway replica and Redis, which carries the cancel, is unavailable.");
    }

    private static async Task<TurnEvent?> LastEventAsync(TurnStream stream, CancellationToken cancellationToken)
    {
        await foreach (var turnEvent in stream.ReadAsync(0, cancellationToken))
        {
            if (turnEvent.IsTerminal)
            {
                return turnEvent;
            }
        }

        return null;
    }

    private static TurnResponse Answer(TurnStream stream, TurnCompletedPayload completed) =>
        new(completed.TurnId, stream.ConversationId, completed.Text, completed.Status, completed.Usage, completed.Timings);

    private static T Payload<T>(TurnEvent turnEvent) => JsonSerializer.Deserialize<T>(turnEvent.Data, JsonSerializerOptions.Web)!;

    private static ProblemHttpResult Refused(HttpResponse response, TurnRefusal refusal)
    {
        if (refusal.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(statusCode: refusal.HttpStatus, title: "The turn was not started", detail: refusal.Message,
            extensions: new Dictionary<string, object?> { ["code"] = refusal.Code });
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
}
