using System.Text.Json;

namespace Platform.Gateway.Turns;

/// <summary>
/// The services refuse input that is the client's to fix (a message that cannot fit the model's context, unreadable
/// audio, a language with no model, audio with no speech in it) before any other event of the turn, so the refusal is
/// the turn's first event. An HTTP answer that waits for that first event (at most one heartbeat interval, the longest
/// a stream is ever quiet) can still answer it with a 4xx instead of a stream that ends in an error.
/// </summary>
public static class EarlyRefusal
{
    public static async Task<TurnErrorPayload?> WaitAsync(TurnStream stream, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(wait);
        try
        {
            await foreach (var turnEvent in stream.ReadAsync(0, bounded.Token))
            {
                // A scenario turn's score comes before generation, so the refusal follows it.
                if (turnEvent.Kind == TurnEventKind.Metadata)
                {
                    continue;
                }

                return turnEvent.Kind == TurnEventKind.Error
                    && JsonSerializer.Deserialize<TurnErrorPayload>(turnEvent.Data, JsonSerializerOptions.Web) is { } error
                    && TurnErrorStatus.IsClientError(error)
                    ? error
                    : null;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        return null;
    }
}
