namespace Platform.Gateway.Persistence;

public static class PersistenceExtensions
{
    /// <summary>503 for every request that could reach the database before its schema is current; before identity, which reads the users table.</summary>
    public static IApplicationBuilder UseMigrationGate(this IApplicationBuilder app) => app.UseMiddleware<MigrationGateMiddleware>();
}
