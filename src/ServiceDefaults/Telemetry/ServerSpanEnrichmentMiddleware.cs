using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Platform.ServiceDefaults.Grpc.Server;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>
/// Without OpenTelemetry.Instrumentation.AspNetCore, ASP.NET Core's server spans arrive unnamed and without
/// attributes. This names them after the route and records method, route and status, so traces read like those of
/// the instrumentation package. Health probes are not recorded.
/// </summary>
internal sealed class ServerSpanEnrichmentMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        if (activity is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (IsProbe(context.Request.Path))
        {
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            activity.IsAllDataRequested = false;
            await next(context).ConfigureAwait(false);
            return;
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Enrich(activity, context, StatusCodes.Status500InternalServerError);
            activity.AddException(ex);
            throw;
        }

        Enrich(activity, context, context.Response.StatusCode);
    }

    private static bool IsProbe(PathString path) => path == "/health" || path == "/alive";

    private static void Enrich(Activity activity, HttpContext context, int statusCode)
    {
        var request = context.Request;
        var endpoint = context.GetEndpoint();
        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText;
        var grpc = endpoint?.Metadata.GetMetadata<GrpcMethodMetadata>();

        activity.DisplayName = grpc is not null
            ? grpc.SpanName
            : route is not null ? $"{request.Method} {route}" : request.Method;
        activity.SetTag("http.request.method", request.Method);
        activity.SetTag("url.path", request.Path.Value);
        activity.SetTag("url.scheme", request.Scheme);
        activity.SetTag("network.protocol.version", request.Protocol.Replace("HTTP/", string.Empty, StringComparison.Ordinal));
        if (route is not null)
        {
            activity.SetTag("http.route", route);
        }

        activity.SetTag("http.response.status_code", statusCode);
        if (statusCode >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
