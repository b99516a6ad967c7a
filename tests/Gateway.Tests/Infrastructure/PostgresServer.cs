using System.Diagnostics;
using Npgsql;
using Platform.AppHost.Servers;

namespace Platform.Gateway.Tests.Infrastructure;

/// <summary>A real PostgreSQL 15 cluster in its own folder on a free port. It refuses to run as root, so root runs it as 'postgres'.</summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Binaries = "/usr/lib/postgresql/15/bin";
    private readonly string folder;
    private readonly int port = LoopbackPort.Free();

    private PostgresServer(string folder) => this.folder = folder;

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=50";

    public static async Task<PostgresServer> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("platform-postgres-").FullName;
        var server = new PostgresServer(folder);
        await RunAsync("chown", "postgres:postgres", folder);
        await server.RunAsPostgresAsync($"{Binaries}/initdb", "-D", Path.Combine(folder, "data"), "-U", "postgres", "-A", "trust", "--no-sync");
        await server.RunAsPostgresAsync($"{Binaries}/pg_ctl", "start", "-w", "-D", Path.Combine(folder, "data"), "-l", Path.Combine(folder, "log"),
            "-o", $"-p {server.port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off -c max_connections=200");
        return server;
    }

    /// <summary>A new, empty database, so tests do not see each other's rows.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "test_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"create database {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsPostgresAsync($"{Binaries}/pg_ctl", "stop", "-D", Path.Combine(folder, "data"), "-m", "immediate");
        Directory.Delete(folder, recursive: true);
    }

    private Task RunAsPostgresAsync(string command, params string[] arguments) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", command, .. arguments]) : RunAsync(command, arguments);

    private static async Task RunAsync(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await errors}");
        }
    }
}
