using System.Diagnostics;
using MassTransit;

namespace Platform.LlmService.Jobs;

/// <summary>Spans of jobs, each a child of the turn that caused it through the <c>traceparent</c> header the Gateway's outbox sets.</summary>
public static class JobTelemetry
{
    public const string Name = "Platform.LlmService.Jobs";

    /// <summary>The header the Gateway's outbox dispatcher puts the causing turn's W3C trace context in.</summary>
    public const string TraceParentHeader = "traceparent";

    private static readonly ActivitySource Source = new(Name);

    public static Activity? StartJob(ConsumeContext context, string job)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parent = context.Headers.Get<string>(TraceParentHeader);
        return Source.StartActivity($"job {job}", ActivityKind.Consumer, parent ?? string.Empty);
    }
}
