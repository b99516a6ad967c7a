using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Platform.Testing;

/// <summary>A PostgreSQL cluster of its own for a test, with one database; the data is thrown away.</summary>
public sealed class PostgresFixture : ResourceFixture
{
    public const string ResourceName = "postgres";
    public const string DatabaseName = "test";

    public PostgresFixture() => Builder.AddPostgresServer(ResourceName).AddDatabase(DatabaseName);

    /// <summary>Npgsql form, to database <see cref="DatabaseName"/>.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    public int Port => Application.GetEndpoint(ResourceName, "tcp").Port;

    public int ProcessId => ProcessIdOf(ResourceName);

    protected override async Task OnStartedAsync() =>
        ConnectionString = await Application.GetConnectionStringAsync(DatabaseName) ?? string.Empty;
}
