using System.Text.Json;

namespace Platform.Gateway.Turns;

/// <summary>
/// LlmService refuses a message that cannot fit the model's context before it queues the request, so the refusal is a
/// turn's first event within moments. An HTTP answer that waits for that first event (at most one heartbeat interval,
/// the longest a stream is ever quiet) can still answer it with a 4xx instead of a stream that ends in an error.
/// </summary>
public static class ContextRefusal
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
                return turnEvent.Type == TurnEvent.Error
                    && JsonSerializer.Deserialize<TurnErrorPayload>(turnEvent.Data, JsonSerializerOptions.Web) is { Code: TurnErrorPayload.ContextLengthExceeded } error
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
