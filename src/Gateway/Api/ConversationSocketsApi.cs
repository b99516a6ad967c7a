using Platform.Gateway.Conversations;
using Microsoft.Extensions.Options;
using Platform.Gateway.Identity;
using Platform.Gateway.Jobs;
using Platform.Gateway.Limits;
using Platform.Gateway.Speech;
using Platform.Gateway.Turns;
using Platform.Gateway.Realtime;

namespace Platform.Gateway.Api;

public static class ConversationSocketsApi
{
    public static IEndpointRouteBuilder MapConversationSockets(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/ws/conversations/{conversationId:guid}", ConnectAsync).WithTags("Realtime").RequireAuthorization();
        return endpoints;
    }

    private static async Task<IResult> ConnectAsync(Guid conversationId, HttpContext context, ConversationStore store, IServiceProvider services, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket expected",
                detail: "Open this address with a WebSocket upgrade request.");
        }

        if (!OriginPolicy.Allows(context.Request, services.GetRequiredService<IOptions<LimitsOptions>>().Value.AllowedOrigins))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Origin not allowed",
                detail: $"WebSockets may be opened from this server's own pages or from Gateway:Limits:AllowedOrigins, not from '{context.Request.Headers.Origin}'.");
        }

        if (await store.FindAsync(conversationId, context.User.UserId(), context.RequestAborted) is not { } conversation)
        {
            return ConversationsApi.NotFound(conversationId);
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var userId = context.User.UserId();
        var logger = loggers.CreateLogger<ConversationSocket>();
        var writer = new SocketWriter(socket, conversation.Id, logger);
        var follower = new ConversationFollower(
            conversation.Id,
            services.GetRequiredService<TurnAnnouncements>(),
            services.GetRequiredService<JobAnnouncements>(),
            services.GetRequiredService<TurnEventReader>(),
            services.GetRequiredService<LiveTurns>(),
            writer);
        var turns = new SocketTurnStarter(userId, conversation, services.GetRequiredService<TurnStarter>(), follower, writer);
        var microphone = new SocketMicrophone(
            services.GetRequiredService<SpeechClient>(),
            services.GetRequiredService<IOptions<GatewayOptions>>().Value,
            turns,
            follower,
            writer);
        var frames = new ClientFrameHandler(userId, services.GetRequiredService<UserLimiter>(), turns, microphone, follower, services.GetRequiredService<TurnControls>());
        await new ConversationSocket(socket, writer, follower, microphone, frames, logger).RunAsync(context.RequestAborted);
        return TypedResults.Empty;
    }
}
