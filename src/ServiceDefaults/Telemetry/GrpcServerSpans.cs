using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Platform.Contracts.Grpc;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>
/// Names a gRPC call's server span after the contract (<c>llm.generate</c>), as its caller names the client span, and
/// records the rpc attributes of OpenTelemetry's conventions from what Grpc.AspNetCore tags it with.
/// </summary>
public static class GrpcServerSpans
{
    extension(ServerCallContext context)
    {
        /// <summary>The call's server span, a child of the caller's client span; handlers put their attributes and events on it.</summary>
        public Activity? Span => context.GetHttpContext().Features.Get<IHttpActivityFeature>()?.Activity;
    }

    internal static void Enrich(Activity activity, HttpResponse response)
    {
        if (response.HttpContext.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true)
        {
            return;
        }

        var path = response.HttpContext.Request.Path.Value ?? string.Empty;
        var (service, method) = GrpcSpanName.Split(path);
        activity.DisplayName = GrpcSpanName.Of(path);
        activity.SetTag("rpc.system", "grpc");
        activity.SetTag("rpc.service", service);
        activity.SetTag("rpc.method", method);
        if (int.TryParse(activity.GetTagItem("grpc.status_code") as string, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            activity.SetTag("rpc.grpc.status_code", code);
            if (code != (int)StatusCode.OK && activity.Status == ActivityStatusCode.Unset)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
    }
}
