using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Platform.Gateway.Conversations;
using Platform.Gateway.Identity;
using Platform.Gateway.Limits;
using Platform.Gateway.Realtime;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Api;

public static class ConversationSocketsApi
{
    public static IEndpointRouteBuilder MapConversationSockets(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/ws/conversations/{conversationId:guid}", ConnectAsync).WithTags("Realtime").RequireAuthorization();
        return endpoints;
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ConnectAsync(Guid conversationId, HttpContext context, ConversationStore store, IOptions<LimitsOptions> limits, IServiceProvider services, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket expected",
                detail: "Open this address with a WebSocket upgrade request.");
        }

        if (!OriginPolicy.Allows(context.Request, limits.Value.AllowedOrigins))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Origin not allowed",
                detail: $"WebSockets may be opened from this server's own pages or from Gateway:Limits:AllowedOrigins, not from '{context.Request.Headers.Origin}'.");
        }

        var userId = context.User.UserId();
        if (await store.FindAsync(conversationId, userId, context.RequestAborted) is not { } conversation)
        {
            return ConversationsApi.NotFound(conversationId);
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var logger = loggers.CreateLogger<ConversationSocket>();
        // The socket's parts are one connection's: what they share (its user, conversation, writer and follower) is
        // given here, the rest comes from the container.
        var writer = new SocketWriter(socket, conversation.Id, logger);
        var follower = ActivatorUtilities.CreateInstance<ConversationFollower>(services, conversation.Id, writer);
        var turns = ActivatorUtilities.CreateInstance<SocketTurnStarter>(services, userId, conversation, follower, writer);
        var microphone = ActivatorUtilities.CreateInstance<SocketMicrophone>(services, turns, follower, writer);
        var frames = ActivatorUtilities.CreateInstance<ClientFrameHandler>(services, userId, turns, microphone, follower);
        await new ConversationSocket(socket, writer, follower, microphone, frames, logger).RunAsync(context.RequestAborted);
        return TypedResults.Empty;
    }
}
