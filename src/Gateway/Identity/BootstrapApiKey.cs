using Microsoft.Extensions.Options;
using Platform.Gateway.Persistence;

namespace Platform.Gateway.Identity;

/// <summary>Stores the configured development key at start, after the migrations, so `./run.sh` can print a key that works.</summary>
internal sealed class BootstrapApiKey(UserStore users, MigrationRunner migrations, IOptions<IdentityOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.BootstrapApiKey is { Length: > 0 } key)
        {
            if (!Credentials.LooksLikeApiKey(key))
            {
                throw new InvalidOperationException($"Setting 'Gateway:Identity:BootstrapApiKey' must start with '{Credentials.ApiKeyPrefix}' and be 20 to 200 characters long.");
            }

            if (await migrations.WaitUntilAppliedAsync(cancellationToken))
            {
                await users.EnsureApiKeyAsync("bootstrap", key, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
