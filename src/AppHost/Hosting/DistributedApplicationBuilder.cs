using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Platform.AppHost.Logging;
using Platform.AppHost.Orchestration;

namespace Platform.AppHost.Hosting;

/// <summary>Declares the resources of an application and how they reference and wait for each other.</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly HostApplicationBuilder host;

    internal DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        Options = options;
        Repository = options.Repository ?? RepositoryLayout.Locate();
        host = options.UseConsoleAndConfiguration
            ? Host.CreateApplicationBuilder(options.Args)
            : Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = options.Args });

        if (options.UseConsoleAndConfiguration)
        {
            host.Logging.ClearProviders();
            host.Logging.AddConsole(console => console.FormatterName = ResourceLogFormatter.FormatterName);
            host.Logging.AddConsoleFormatter<ResourceLogFormatter, ConsoleFormatterOptions>();
            host.Logging.AddFilter("Microsoft", LogLevel.Warning);
            host.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        }

        if (!options.StopOnProcessSignals)
        {
            host.Services.AddSingleton<IHostLifetime, ProcessSignalsIgnored>();
        }

        host.Services.AddSingleton(options);
        host.Services.AddSingleton(Repository);
        host.Services.AddSingleton(Model);
        host.Services.AddSingleton(TimeProvider.System);
        host.Services.AddSingleton<ResourceNotifications>();
        host.Services.AddSingleton<ResourceLogs>();
        // First hosted service: whatever is registered after it starts once every resource runs.
        host.Services.AddSingleton<Orchestrator>();
        host.Services.AddHostedService(services => services.GetRequiredService<Orchestrator>());
    }

    public DistributedApplicationOptions Options { get; }

    public RepositoryLayout Repository { get; }

    public DistributedApplicationModel Model { get; } = new();

    public IConfigurationManager Configuration => host.Configuration;

    public IServiceCollection Services => host.Services;

    public IResourceBuilder<T> AddResource<T>(T resource)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(resource);
        Model.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    /// <summary>Resources keep their data under <paramref name="directory"/> (one folder each), unless it is null.</summary>
    public DistributedApplicationBuilder UseDataDirectory(string? directory)
    {
        if (directory is not null)
        {
            Options.DataDirectory = Path.GetFullPath(directory);
        }

        return this;
    }

    public DistributedApplication Build() => new(host.Build(), Options);
}
