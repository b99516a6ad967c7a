using Platform.AppHost.Hosting;

namespace Platform.AppHost.Postgres;

public static class PostgresBuilderExtensions
{
    /// <summary>A PostgreSQL cluster; add databases to it with <see cref="AddDatabase"/>.</summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this DistributedApplicationBuilder builder, string name, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new PostgresServerResource(name, port));
    }

    /// <summary>A database others reach through <c>ConnectionStrings__{name}</c> (Npgsql form).</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<PostgresServerResource> server, string name, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var database = new PostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.AddDatabase(database);
        return server.ApplicationBuilder.AddResource(database);
    }
}
