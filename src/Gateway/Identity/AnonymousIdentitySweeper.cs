using Microsoft.Extensions.Options;
using Platform.Gateway.Persistence;

namespace Platform.Gateway.Identity;

/// <summary>Deletes anonymous identities that went unused for the idle expiry, at start and then every hour (or expiry, if shorter).</summary>
internal sealed partial class AnonymousIdentitySweeper(UserStore users, MigrationRunner migrations, IOptions<IdentityOptions> options, ILogger<AnonymousIdentitySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Services start side by side: the first sweep, at once, would otherwise find no users table on a new database.
        if (!await migrations.WaitUntilAppliedAsync(stoppingToken))
        {
            return;
        }

        var interval = TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, options.Value.AnonymousIdleExpiry.Ticks));
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                if (await users.DeleteExpiredAnonymousUsersAsync(stoppingToken) is > 0 and var deleted)
                {
                    LogDeleted(logger, deleted);
                }
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                LogFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} anonymous identities unused for longer than their expiry.")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expired anonymous identities could not be deleted; the next sweep tries again: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
