using Platform.AppHost.Servers;

namespace Platform.AppHost.Postgres;

public static class PostgresServerBuilderExtensions
{
    /// <summary>
    /// A PostgreSQL server: Debian's postgres when run here, Aspire's PostgreSQL container in a published manifest.
    /// Add the databases others reference with <see cref="AddDatabase"/>.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddPostgresServer(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddServer(
            name,
            app => app.AddPostgres(name),
            (port, data) =>
            {
                var postgres = ServerProgram.Find("postgres", "postgresql", "/usr/lib/postgresql/*/bin/postgres");
                var commandLine = PostgresCluster.AsServiceUser(postgres,
                    "-D", Path.Combine(data, "data"), "-p", port.ToString(CultureInfo.InvariantCulture),
                    "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=");
                var server = new PostgresServerResource(name, commandLine[0], port, data, PostgresCluster.Initialise(data, postgres));
                server.Annotations.Add(new CommandLineArgsCallbackAnnotation(args =>
                {
                    foreach (var argument in commandLine[1..])
                    {
                        args.Add(argument);
                    }
                }));
                return server;
            });

    /// <summary>A database others reach through <c>ConnectionStrings__{name}</c> (Npgsql form), created when the server first answers.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddDatabase(this IResourceBuilder<IResourceWithConnectionString> server, string name)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (server.Resource is not PostgresServerResource local)
        {
            return AddContainerDatabase(server, name);
        }

        local.AddDatabase(name);
        var database = new PostgresDatabaseResource(name, name, local);
        // The server's readiness check creates the database, so the database is ready when the server is.
        server.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(local, (ready, _) =>
            ready.Services.GetRequiredService<ResourceNotificationService>()
                .PublishUpdateAsync(database, snapshot => snapshot with { State = KnownResourceStates.Running }));
        return server.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "PostgresDatabase", State = KnownResourceStates.Waiting, Properties = [] });
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static IResourceBuilder<IResourceWithConnectionString> AddContainerDatabase(IResourceBuilder<IResourceWithConnectionString> server, string name) =>
        PostgresBuilderExtensions.AddDatabase(server.ApplicationBuilder.CreateResourceBuilder((Aspire.Hosting.ApplicationModel.PostgresServerResource)server.Resource), name);
}
