using System.Security.Cryptography;
using Npgsql;
using Platform.AppHost.Hosting;
using Platform.AppHost.Prerequisites;
using Platform.AppHost.Processes;

namespace Platform.AppHost.Postgres;

/// <summary>
/// A PostgreSQL cluster on 127.0.0.1, initialised once into its data folder with a generated password, run as the
/// postgres user when we are root (it refuses to run as root), TCP only.
/// </summary>
public sealed class PostgresServerResource : ProcessResource, IResourceWithConnectionString
{
    internal static readonly RequiredProgram Server = new("postgres", "postgresql", ["/usr/lib/postgresql/*/bin/postgres"]);
    internal static readonly RequiredProgram Chown = new("chown", "coreutils");

    private const string SuperUser = "postgres";
    private const string ServiceUser = "postgres";

    private readonly List<PostgresDatabaseResource> databases = [];
    private string? password;

    public PostgresServerResource(string name, int? port = null)
        : base(name)
    {
        Tcp = AddEndpoint("tcp", port);
        StartupTimeout = TimeSpan.FromSeconds(30);
    }

    public ResourceEndpoint Tcp { get; }

    public IReadOnlyList<PostgresDatabaseResource> Databases => databases;

    /// <summary>Npgsql form, to the cluster's default database.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Tcp.Port,
        Username = SuperUser,
        Password = password ?? throw new InvalidOperationException($"{Name} gets its password when the application starts."),
    }.ConnectionString;

    internal override IEnumerable<RequiredProgram> RequiredPrograms => Libc.IsRoot ? [Server, Chown] : [Server];

    // SIGINT is PostgreSQL's fast shutdown: it ends open sessions instead of waiting for clients to leave.
    internal override Signal StopSignal => Signal.Interrupt;

    internal void AddDatabase(PostgresDatabaseResource database) => databases.Add(database);

    internal override async Task PrepareAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var passwordFile = Path.Combine(context.DataDirectory, "password");
        var cluster = Path.Combine(context.DataDirectory, "data");
        if (!File.Exists(Path.Combine(cluster, "PG_VERSION")))
        {
            await InitialiseClusterAsync(context, cluster, passwordFile, cancellationToken);
        }
        else if (!File.Exists(passwordFile))
        {
            throw new ResourceStartException($"{Name}: {passwordFile} is missing; delete {context.DataDirectory} to start from an empty database.");
        }

        password = (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim();
        RemoveStaleLockFile(cluster);
    }

    internal override ProcessSpec CreateProcess(ResourceContext context)
    {
        List<string> arguments =
        [
            "-D", Path.Combine(context.DataDirectory, "data"),
            "-p", Tcp.Port.Invariant(),
            "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_directories=",
        ];
        if (context.DisposableData)
        {
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }

        return new ProcessSpec(context.PathOf(Server), arguments)
        {
            WorkingDirectory = context.DataDirectory,
            RunAsUser = Libc.IsRoot ? ServiceUser : null,
        };
    }

    internal override async Task<bool> IsReadyAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ProbeConnectionString(database: null));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is 1;
    }

    internal override async Task OnReadyAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ProbeConnectionString(database: null));
        await connection.OpenAsync(cancellationToken);
        foreach (var database in databases)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", database.DatabaseName);
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                var quoted = "\"" + database.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
                await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    internal string DatabaseConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    private string ProbeConnectionString(string? database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database, Pooling = false, Timeout = 2 }.ConnectionString;

    private async Task InitialiseClusterAsync(ResourceContext context, string cluster, string passwordFile, CancellationToken cancellationToken)
    {
        if (Libc.IsRoot && !File.ReadLines("/etc/passwd").Any(line => line.StartsWith(ServiceUser + ":", StringComparison.Ordinal)))
        {
            throw new ResourceStartException(
                $"{Name}: PostgreSQL refuses to run as root and there is no '{ServiceUser}' user to run it as; the Debian package postgresql creates it.");
        }

        ThrowUnlessReachableByServiceUser(context.DataDirectory);
        Directory.CreateDirectory(cluster);
        var generated = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        await File.WriteAllTextAsync(passwordFile, generated, cancellationToken);
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // initdb reads the password from a file; this copy is readable by the server's user and gone right after.
        var initdbPasswordFile = Path.Combine(context.DataDirectory, "initdb-password");
        await File.WriteAllTextAsync(initdbPasswordFile, generated, cancellationToken);
        File.SetUnixFileMode(initdbPasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            if (Libc.IsRoot)
            {
                await context.RunToCompletionAsync(
                    new ProcessSpec(context.PathOf(Chown), [$"{ServiceUser}:{ServiceUser}", cluster, initdbPasswordFile]), cancellationToken);
            }

            List<string> arguments =
            [
                "-D", cluster, "-U", SuperUser, "--auth=scram-sha-256", $"--pwfile={initdbPasswordFile}",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions",
            ];
            if (context.DisposableData)
            {
                arguments.Add("--no-sync");
            }

            var initdb = Path.Combine(Path.GetDirectoryName(context.PathOf(Server))!, "initdb");
            await context.RunToCompletionAsync(
                new ProcessSpec(initdb, arguments) { WorkingDirectory = context.DataDirectory, RunAsUser = Libc.IsRoot ? ServiceUser : null },
                cancellationToken);
        }
        catch
        {
            // A half-initialised cluster would be taken for a complete one next time.
            Directory.Delete(cluster, recursive: true);
            throw;
        }
        finally
        {
            File.Delete(initdbPasswordFile);
        }
    }

    /// <summary>Run as another user, the server must be able to pass through every folder above its own.</summary>
    private void ThrowUnlessReachableByServiceUser(string dataDirectory)
    {
        if (!Libc.IsRoot)
        {
            return;
        }

        for (var folder = new DirectoryInfo(dataDirectory).Parent; folder is not null; folder = folder.Parent)
        {
            if ((folder.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                throw new ResourceStartException(
                    $"{Name}: PostgreSQL runs as user '{ServiceUser}', which cannot enter {folder.FullName}. " +
                    $"Allow it (chmod o+x {folder.FullName}) or set PLATFORM_DATA_DIR to a folder outside it.");
            }
        }
    }

    /// <summary>
    /// A server killed outright leaves postmaster.pid behind; PostgreSQL then refuses to start while that PID exists,
    /// even as a zombie no one reaps. We hold the data folder's lock, so no live server of ours can own it.
    /// </summary>
    private static void RemoveStaleLockFile(string cluster)
    {
        var lockFile = Path.Combine(cluster, "postmaster.pid");
        if (!File.Exists(lockFile))
        {
            return;
        }

        var pid = File.ReadLines(lockFile).FirstOrDefault();
        var stat = $"/proc/{pid}/stat";
        var alive = int.TryParse(pid, out _) && File.Exists(stat) && File.ReadAllText(stat).Split(") ") is [_, var rest, ..] && !rest.StartsWith('Z');
        if (!alive)
        {
            File.Delete(lockFile);
        }
    }
}
