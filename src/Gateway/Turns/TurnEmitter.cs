using System.Text.Json;

namespace Platform.Gateway.Turns;

/// <summary>
/// Adds a turn's events: to its stream for the readers here and, for a stored turn, to the Redis log for the other
/// replicas, in sequence order even when tokens and audio are emitted by different tasks.
/// </summary>
public sealed class TurnEmitter(TurnStream stream, TurnEventLog? eventLog)
{
    public TurnStream Stream { get; } = stream;

    public void Emit<T>(TurnEventKind kind, T payload) => Emit(kind, _ => payload);

    /// <summary>Emits an event whose payload needs its own sequence number.</summary>
    public void Emit<T>(TurnEventKind kind, Func<long, T> payload) =>
        Stream.Append(
            kind,
            seq => JsonSerializer.Serialize(payload(seq), JsonSerializerOptions.Web),
            eventLog is null ? null : appended => eventLog.Append(Stream.TurnId, appended));
}
