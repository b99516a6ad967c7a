using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Platform.Gateway.Turns;

namespace Platform.Gateway.Streaming;

/// <summary>An endpoint result that streams a turn's events as Server-Sent Events, and says so in the OpenAPI document.</summary>
public sealed class TurnEventsResult(Guid turnId, IAsyncEnumerable<TurnEvent> events, TimeSpan heartbeat) : IResult, IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext) => ServerSentEventsWriter.WriteAsync(httpContext, turnId, events, heartbeat);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), [ServerSentEventsWriter.ContentType]));
    }
}
