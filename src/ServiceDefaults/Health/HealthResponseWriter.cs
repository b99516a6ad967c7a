using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.ServiceDefaults.Health;

/// <summary>
/// Writes a health report as JSON: the overall state and, for a caller on this machine (the AppHost, an operator's
/// shell), each check's state, description and data. A caller from elsewhere (a load balancer's probe) needs only the
/// state and its status code; the checks name the platform's inner addresses, queues and failures, which the public
/// Gateway must not hand to anyone who asks.
/// </summary>
internal static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        object body = IsLocal(context.Connection)
            ? new
            {
                status = report.Status.ToString(),
                totalMs = report.TotalDuration.TotalMilliseconds,
                checks = report.Entries.ToDictionary(
                    entry => entry.Key,
                    entry => new
                    {
                        status = entry.Value.Status.ToString(),
                        description = entry.Value.Description,
                        durationMs = entry.Value.Duration.TotalMilliseconds,
                        data = entry.Value.Data,
                    }),
            }
            : new { status = report.Status.ToString() };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }

    // No address at all is a host without a network connection (an in-process test server).
    private static bool IsLocal(ConnectionInfo connection) =>
        connection.RemoteIpAddress is not { } remote || System.Net.IPAddress.IsLoopback(remote);
}
