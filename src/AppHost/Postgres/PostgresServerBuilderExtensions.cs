using Platform.AppHost.Postgres;
using LocalPostgres = Platform.AppHost.Postgres.PostgresServerResource;

namespace Aspire.Hosting;

public static class PostgresServerBuilderExtensions
{
    /// <summary>PostgreSQL: Debian's postgres when run, Aspire's container when published; databases come from <see cref="AddDatabase"/>.</summary>
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
                var server = new LocalPostgres(name, commandLine[0], port, data, PostgresCluster.Initialise(data, postgres));
                server.Annotations.Add(new CommandLineArgsCallbackAnnotation(args => commandLine[1..].ToList().ForEach(args.Add)));
                return server;
            });

    /// <summary>A database others reach through <c>ConnectionStrings__{name}</c> (Npgsql form), created when the server first answers.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddDatabase(this IResourceBuilder<IResourceWithConnectionString> server, string name)
    {
        if (server.Resource is not LocalPostgres local)
        {
            return AddContainerDatabase(server, name);
        }

        // The server's readiness check creates the database, so the database is ready when the server is.
        local.AddDatabase(name);
        return server.ApplicationBuilder.AddConnectionString(name, local.DatabaseConnectionString(name)).WaitFor(server);
    }

    // Not inlined, so that a process that never publishes never loads Aspire's PostgreSQL integration.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static IResourceBuilder<IResourceWithConnectionString> AddContainerDatabase(IResourceBuilder<IResourceWithConnectionString> server, string name) =>
        PostgresBuilderExtensions.AddDatabase(server.ApplicationBuilder.CreateResourceBuilder((ApplicationModel.PostgresServerResource)server.Resource), name);
}
