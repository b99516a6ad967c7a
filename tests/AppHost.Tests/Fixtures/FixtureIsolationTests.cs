using System.Net;
using System.Net.Sockets;
using Npgsql;
using Platform.AppHost.Prerequisites;
using Platform.Testing;
using StackExchange.Redis;

namespace Platform.AppHost.Tests.Fixtures;

public sealed class FixtureIsolationTests
{
    [Fact]
    public async Task Two_fixtures_of_each_kind_never_share_ports_data_folders_or_data()
    {
        await using var firstRedis = new RedisFixture();
        await using var secondRedis = new RedisFixture();
        await using var firstPostgres = new PostgresFixture();
        await using var secondPostgres = new PostgresFixture();
        ResourceFixture[] fixtures = [firstRedis, secondRedis, firstPostgres, secondPostgres];
        await Task.WhenAll(fixtures.Select(fixture => fixture.InitializeAsync().AsTask()));

        int[] ports = [firstRedis.Port, secondRedis.Port, firstPostgres.Port, secondPostgres.Port];
        Assert.Equal(ports.Length, ports.Distinct().Count());
        var folders = fixtures.Select(fixture => Path.GetFullPath(fixture.DataDirectory) + Path.DirectorySeparatorChar).ToList();
        Assert.All(folders, folder => Assert.Single(folders, other => other.StartsWith(folder, StringComparison.Ordinal)));

        using (var first = await ConnectionMultiplexer.ConnectAsync(firstRedis.ConnectionString))
        using (var second = await ConnectionMultiplexer.ConnectAsync(secondRedis.ConnectionString))
        {
            await first.GetDatabase().StringSetAsync("owner", "first");
            Assert.False(await second.GetDatabase().KeyExistsAsync("owner"));
        }

        await ExecuteAsync(firstPostgres.ConnectionString, "CREATE TABLE only_in_first (id int)");
        Assert.Equal(0L, await ExecuteAsync(secondPostgres.ConnectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'"));
    }

    [Fact]
    public async Task A_crashed_resource_is_restarted_and_serves_again()
    {
        await using var redis = new RedisFixture();
        await redis.InitializeAsync();
        var crashed = redis.ProcessId;

        using (var process = System.Diagnostics.Process.GetProcessById(crashed))
        {
            process.Kill();
        }

        var restarted = await redis.WaitForRestartAsync(RedisFixture.ResourceName, crashed, TimeSpan.FromSeconds(10));
        Assert.NotEqual(crashed, restarted.ProcessId);
        Assert.Equal(1, restarted.Restarts);
        Assert.False(ProcessTable.IsRunning(crashed));
        using var client = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        Assert.True(await client.GetDatabase().StringSetAsync("after-restart", "works"));
    }

    [Fact]
    public async Task Disposing_a_fixture_ends_its_processes_and_deletes_its_data_folder()
    {
        var postgres = new PostgresFixture();
        await postgres.InitializeAsync();
        var server = postgres.ProcessId;
        int[] everything = [server, .. ProcessTable.Descendants(server)];
        Assert.True(everything.Length > 1, "PostgreSQL runs helper processes beside its postmaster");

        await postgres.DisposeAsync();

        Assert.All(everything, pid => Assert.False(ProcessTable.IsRunning(pid), $"pid {pid} still runs"));
        Assert.False(Directory.Exists(postgres.DataDirectory));
    }

    [Fact]
    public async Task A_port_already_taken_by_another_program_is_avoided_not_a_failure()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;

        await using var redis = RedisFixture.Create(port: taken);
        await redis.InitializeAsync();

        Assert.NotEqual(taken, redis.Port);
        using var client = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        Assert.True(await client.GetDatabase().StringSetAsync("moved", "yes"));
    }

    [Fact]
    public async Task A_missing_package_fails_the_fixture_with_a_message_naming_the_package()
    {
        var emptyPath = Directory.CreateTempSubdirectory("platform-empty-path").FullName;
        try
        {
            await using var redis = RedisFixture.Create(programSearchPath: emptyPath);

            var failure = await Assert.ThrowsAsync<MissingPrerequisitesException>(() => redis.InitializeAsync().AsTask());

            Assert.Contains("'redis-server' (package redis-server)", failure.Message, StringComparison.Ordinal);
            Assert.Contains("apt-get install -y --no-install-recommends redis-server", failure.Message, StringComparison.Ordinal);
            Assert.Contains("scripts/prerequisites.sh", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(emptyPath);
        }
    }

    private static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}
