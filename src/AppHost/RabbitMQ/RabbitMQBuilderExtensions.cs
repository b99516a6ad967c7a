using Platform.AppHost.Hosting;

namespace Platform.AppHost.RabbitMQ;

public static class RabbitMQBuilderExtensions
{
    /// <summary>
    /// A RabbitMQ node (with its own port mapper, resource <c>{name}-epmd</c>); others reach it through
    /// <c>ConnectionStrings__{name}</c> (amqp://).
    /// </summary>
    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(this DistributedApplicationBuilder builder, string name, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var epmd = builder.AddResource(new EpmdResource($"{name}-epmd"));
        return builder.AddResource(new RabbitMQServerResource(name, epmd.Resource, port)).WaitFor(epmd);
    }
}
