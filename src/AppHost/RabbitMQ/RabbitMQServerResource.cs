using System.Text.RegularExpressions;
using Platform.AppHost.Hosting;
using Platform.AppHost.Prerequisites;
using Platform.AppHost.Processes;

namespace Platform.AppHost.RabbitMQ;

/// <summary>A RabbitMQ node on 127.0.0.1 with its own HOME, data, config and port mapper; no plugins.</summary>
public sealed partial class RabbitMQServerResource : ProcessResource, IResourceWithConnectionString
{
    // Not /usr/sbin/rabbitmq-server: that wrapper switches user and uses /var paths.
    internal static readonly RequiredProgram Server = new("rabbitmq-server", "rabbitmq-server", ["/usr/lib/rabbitmq/bin/rabbitmq-server"]);

    public RabbitMQServerResource(string name, EpmdResource epmd, int? port = null)
        : base(name)
    {
        Epmd = epmd;
        Amqp = AddEndpoint("amqp", port);
        Distribution = AddEndpoint("distribution");
        StopTimeout = TimeSpan.FromSeconds(8);
    }

    public EpmdResource Epmd { get; }

    public ResourceEndpoint Amqp { get; }

    public ResourceEndpoint Distribution { get; }

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Amqp.Port.Invariant()}";

    internal override IEnumerable<RequiredProgram> RequiredPrograms => [Server];

    internal override Task PrepareAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        foreach (var folder in new[] { "home", "mnesia", "log" })
        {
            Directory.CreateDirectory(Path.Combine(context.DataDirectory, folder));
        }

        File.WriteAllText(Path.Combine(context.DataDirectory, "enabled_plugins"), "[].");
        // Its info-level boot log runs to a hundred lines; warnings and errors are what a console needs.
        File.WriteAllText(Path.Combine(context.DataDirectory, "rabbitmq.conf"), "log.console.level = warning\n");
        return Task.CompletedTask;
    }

    internal override ProcessSpec CreateProcess(ResourceContext context)
    {
        var data = context.DataDirectory;
        return new ProcessSpec(context.PathOf(Server), [])
        {
            WorkingDirectory = data,
            Environment = new Dictionary<string, string>
            {
                ["HOME"] = Path.Combine(data, "home"),
                // Makes the start script exec the VM (so the PID we hold is the broker's) instead of waiting on it
                // in a shell; the VM reads the stdin pipe we hold, so it also ends when we do.
                ["RABBITMQ_ALLOW_INPUT"] = "true",
                ["RABBITMQ_NODENAME"] = $"{Name}@localhost",
                ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
                ["RABBITMQ_NODE_PORT"] = Amqp.Port.Invariant(),
                ["RABBITMQ_DIST_PORT"] = Distribution.Port.Invariant(),
                ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
                ["ERL_EPMD_PORT"] = Epmd.Tcp.Port.Invariant(),
                ["RABBITMQ_MNESIA_BASE"] = Path.Combine(data, "mnesia"),
                ["RABBITMQ_LOG_BASE"] = Path.Combine(data, "log"),
                ["RABBITMQ_LOGS"] = "-",
                ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(data, "enabled_plugins"),
                ["RABBITMQ_CONFIG_FILE"] = Path.Combine(data, "rabbitmq"),
                ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(data, "advanced.config"),
                ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(data, "rabbitmq-env.conf"),
            },
        };
    }

    internal override Task<bool> IsReadyAsync(ResourceContext context, CancellationToken cancellationToken) =>
        AmqpHandshake.SucceedsAsync(Amqp.Port, cancellationToken);

    /// <summary>The Erlang shell we keep attached adds its prompt and terminal-title sequences; the banner adds colours.</summary>
    internal override string? CleanOutputLine(string line)
    {
        var cleaned = ShellNoise().Replace(line, string.Empty).Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    [GeneratedRegex(@"^(\d+> ?)+|\d+> (?=\d{4}-\d\d-\d\d)|\x1b\][^\x07]*(\x07|$)|\x1b\[[0-9;]*m")]
    private static partial Regex ShellNoise();
}
