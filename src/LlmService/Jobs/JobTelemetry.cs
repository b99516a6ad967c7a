using System.Diagnostics;
using MassTransit;

namespace Platform.LlmService.Jobs;

/// <summary>
/// Spans of jobs. A job runs long after the turn that caused it, so its span is not part of the turn's work but
/// linked to it, through the W3C trace context the Gateway's outbox puts in the <c>traceparent</c> header.
/// </summary>
public static class JobTelemetry
{
    public const string Name = "Platform.LlmService.Jobs";

    /// <summary>The header the Gateway's outbox dispatcher puts the causing turn's W3C trace context in.</summary>
    public const string TraceParentHeader = "traceparent";

    private static readonly ActivitySource Source = new(Name);

    /// <summary>Starts <c>job {job}</c> (kind Consumer) under MassTransit's consume span, linked to the turn that caused it.</summary>
    public static Activity? StartJob(ConsumeContext context, string job)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cause = context.Headers.Get<string>(TraceParentHeader);
        ActivityLink[]? links = ActivityContext.TryParse(cause, traceState: null, isRemote: true, out var turn) ? [new ActivityLink(turn)] : null;
        var activity = Source.StartActivity($"job {job}", ActivityKind.Consumer, parentContext: default, tags: null, links: links);
        activity?.SetTag("messaging.message.id", context.MessageId?.ToString());
        return activity;
    }
}
