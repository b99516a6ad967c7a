using Platform.Gateway.Persistence;

namespace Platform.Gateway.Conversations;

public static class ConversationsExtensions
{
    /// <summary>The conversation store on the PostgreSQL data source, migrated at start.</summary>
    public static IHostApplicationBuilder AddConversations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MigrationRunner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<MigrationRunner>());
        builder.Services.AddSingleton<ConversationStore>();
        return builder;
    }
}
