using System.Text.Json;

namespace Platform.Gateway.Tests.Infrastructure;

public sealed record SseEvent(string? Id, string Type, string Data, DateTimeOffset ReceivedAt)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;

    public long Seq => Id is { } id
        ? long.Parse(id[(id.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture)
        : throw new InvalidOperationException($"The '{Type}' event has no id.");
}
