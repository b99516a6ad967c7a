using Platform.Gateway.Turns;

namespace Platform.Gateway.Streaming;

/// <summary>An endpoint result that streams a turn's events as Server-Sent Events.</summary>
public sealed class TurnEventsResult(Guid turnId, IAsyncEnumerable<TurnEvent> events, TimeSpan heartbeat) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => ServerSentEventsWriter.WriteAsync(httpContext, turnId, events, heartbeat);
}
