using System.Runtime.CompilerServices;
using Platform.AppHost.Servers;

namespace Platform.AppHost.RabbitMQ;

public static class RabbitMQServerBuilderExtensions
{
    /// <summary>
    /// RabbitMQ that others reach through <c>ConnectionStrings__{name}</c> (amqp://): Debian's rabbitmq-server with its
    /// own Erlang port mapper (resource <c>{name}-epmd</c>) when run here, Aspire's RabbitMQ container in a published manifest.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRabbitMQServer(this IDistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.ExecutionContext.IsPublishMode)
        {
            return AddContainer(builder, name);
        }

        var (amqp, distribution, epmdPort) = (LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free());
        var data = builder.DataFolderOf(name);
        WriteConfiguration(data);

        // Started by us on its own port so that we own its process; an Erlang node would otherwise start a shared one that outlives us.
        var epmd = builder.AddExecutable($"{name}-epmd", ServerProgram.Find("epmd", "erlang-base"), data,
                "-address", "127.0.0.1", "-port", epmdPort.ToString(CultureInfo.InvariantCulture))
            .WithEndpoint(name: "tcp", scheme: "tcp", port: epmdPort, isProxied: false)
            .WithHealthCheck(TcpPortCheck.Register(builder, $"{name}-epmd-tcp", epmdPort));

        // Not /usr/sbin/rabbitmq-server: that wrapper switches user and uses /var paths.
        var server = ServerProgram.Find("rabbitmq-server", "rabbitmq-server", "/usr/lib/rabbitmq/bin/rabbitmq-server");
        return builder.AddResource(new RabbitMQServerResource(name, server, data))
            .WithEndpoint(name: RabbitMQServerResource.EndpointName, scheme: "tcp", port: amqp, isProxied: false)
            .WithEndpoint(name: "distribution", scheme: "tcp", port: distribution, isProxied: false)
            .WithEnvironment(context =>
            {
                foreach (var (key, value) in Environment(name, data, amqp, distribution, epmdPort))
                {
                    context.EnvironmentVariables[key] = value;
                }
            })
            .WithHealthCheck(TcpPortCheck.Register(builder, $"{name}-amqp", amqp))
            .WaitFor(epmd);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IResourceBuilder<IResourceWithConnectionString> AddContainer(IDistributedApplicationBuilder builder, string name) => builder.AddRabbitMQ(name);

    private static Dictionary<string, string> Environment(string name, string data, int amqp, int distribution, int epmd) => new()
    {
        ["HOME"] = Path.Combine(data, "home"),
        // The start script then execs the VM with -noinput instead of waiting on it in a shell, so the process DCP
        // watches, and a kill -9 reaches, is the broker itself. Nothing listens on the socket.
        ["NOTIFY_SOCKET"] = Path.Combine(data, "no-systemd"),
        ["RABBITMQ_NODENAME"] = $"{name}@localhost",
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = amqp.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_DIST_PORT"] = distribution.ToString(CultureInfo.InvariantCulture),
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        ["ERL_EPMD_PORT"] = epmd.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(data, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(data, "log"),
        ["RABBITMQ_LOGS"] = "-",
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(data, "enabled_plugins"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(data, "rabbitmq"),
        ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(data, "advanced.config"),
        ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(data, "rabbitmq-env.conf"),
    };

    private static void WriteConfiguration(string data)
    {
        foreach (var folder in new[] { "home", "mnesia", "log" })
        {
            Directory.CreateDirectory(Path.Combine(data, folder));
        }

        File.WriteAllText(Path.Combine(data, "enabled_plugins"), "[].");
        // Its info-level boot log runs to a hundred lines; warnings and errors are what a console needs.
        File.WriteAllText(Path.Combine(data, "rabbitmq.conf"), "log.console.level = warning\n");
    }
}
