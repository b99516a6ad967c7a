using Npgsql;
using Platform.Gateway.Persistence;

namespace Platform.Gateway.Conversations;

public static class ConversationsExtensions
{
    /// <summary>PostgreSQL (<c>ConnectionStrings:conversations</c>), migrated at start, and the conversation store.</summary>
    public static IHostApplicationBuilder AddConversations(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("conversations");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("Setting 'ConnectionStrings__conversations' is missing: the Gateway stores conversations in PostgreSQL.");
        }

        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddHostedService<MigrationRunner>();
        builder.Services.AddSingleton<ConversationStore>();
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres");
        return builder;
    }
}
