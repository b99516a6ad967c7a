namespace Aspire.Hosting;

public static class RabbitMQServerBuilderExtensions
{
    /// <summary>RabbitMQ: Debian's rabbitmq-server, no plugins, with its own epmd (<c>{name}-epmd</c>) when run; Aspire's container when published.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRabbitMQServer(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddServer(
            name,
            app => app.AddRabbitMQ(name),
            // Not /usr/sbin/rabbitmq-server: that wrapper switches user and uses /var paths.
            (port, data) => new ServerResource(name, ServerProgram.Find("rabbitmq-server", "rabbitmq-server", "/usr/lib/rabbitmq/bin/rabbitmq-server"),
                port, data, ServerResource.Loopback("amqp://guest:guest@")),
            rabbitmq =>
            {
                // Started by us on its own port so that we own its process; an Erlang node would otherwise start a shared one that outlives us.
                var epmd = builder.AddLocalServer($"{name}-epmd",
                    (port, data) => new ServerResource($"{name}-epmd", ServerProgram.Find("epmd", "erlang-base"), port, data, ServerResource.Loopback()),
                    epmd => epmd.WithArgs("-address", "127.0.0.1", "-port", epmd.Resource.Port.ToString(CultureInfo.InvariantCulture)));
                var distribution = LoopbackPort.Free();
                rabbitmq.WithEndpoint(name: "distribution", scheme: "tcp", port: distribution, isProxied: false).WaitFor(epmd);
                foreach (var (key, value) in Environment(name, rabbitmq.Resource, distribution, epmd.Resource.Port))
                {
                    rabbitmq.WithEnvironment(key, value);
                }
            });

    private static Dictionary<string, string> Environment(string name, ServerResource server, int distribution, int epmd)
    {
        var data = server.DataFolder;
        foreach (var folder in new[] { "home", "mnesia", "log" })
        {
            Directory.CreateDirectory(Path.Combine(data, folder));
        }

        File.WriteAllText(Path.Combine(data, "enabled_plugins"), "[].");
        // Its info-level boot log runs to a hundred lines; warnings and errors are what a console needs.
        File.WriteAllText(Path.Combine(data, "rabbitmq.conf"), "log.console.level = warning\n");
        return new()
        {
            ["HOME"] = Path.Combine(data, "home"),
            // The start script then execs the VM with -noinput instead of waiting on it in a shell, so the process DCP
            // watches, and a kill -9 reaches, is the broker itself. Nothing listens on the socket.
            ["NOTIFY_SOCKET"] = Path.Combine(data, "no-systemd"),
            ["RABBITMQ_NODENAME"] = $"{name}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = server.Port.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = distribution.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["ERL_EPMD_PORT"] = epmd.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(data, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(data, "log"),
            ["RABBITMQ_LOGS"] = "-",
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(data, "enabled_plugins"),
            // Files of its own folder, so that nothing of /etc/rabbitmq applies.
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(data, "rabbitmq"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(data, "advanced.config"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(data, "rabbitmq-env.conf"),
        };
    }
}
