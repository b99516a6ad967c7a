namespace Platform.Load.Chaos;

internal enum StoppedInfrastructure
{
    Redis,
    RabbitMQ,
}
