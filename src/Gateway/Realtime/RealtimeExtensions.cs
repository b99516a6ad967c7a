namespace Platform.Gateway.Realtime;

public static class RealtimeExtensions
{
    /// <summary>
    /// What the conversation WebSockets share. The rest of a socket (its writer, follower, microphone, turn starter and
    /// frame handler) holds one connection's state and is made with it, in <c>ConversationSocketsApi</c>.
    /// </summary>
    public static IHostApplicationBuilder AddRealtime(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TurnControls>();
        return builder;
    }
}
