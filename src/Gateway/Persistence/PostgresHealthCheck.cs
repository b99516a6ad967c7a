using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Platform.Gateway.Persistence;

internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (NpgsqlException ex)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL does not answer: {ex.Message}");
        }
    }
}
