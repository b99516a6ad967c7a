using Platform.Gateway.Conversations;
using Platform.Gateway.Identity;
using Platform.Gateway.Turns;

namespace Platform.Gateway.Realtime;

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

        if (await store.FindAsync(conversationId, context.User.UserId(), context.RequestAborted) is not { } conversation)
        {
            return ConversationsApi.NotFound(conversationId);
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var session = new ConversationSocket(
            socket,
            conversation,
            services.GetRequiredService<TurnStarter>(),
            services.GetRequiredService<TurnEventReader>(),
            services.GetRequiredService<TurnEventLog>(),
            services.GetRequiredService<LiveTurns>(),
            services.GetRequiredService<TurnAnnouncements>(),
            loggers.CreateLogger<ConversationSocket>());
        await session.RunAsync(context.RequestAborted);
        return TypedResults.Empty;
    }
}
