namespace Platform.AppHost.Tests.Fixtures;

/// <summary>A message sent through a RabbitMQ fixture with MassTransit.</summary>
public sealed record FixturePing(Guid Id);
