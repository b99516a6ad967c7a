using Microsoft.AspNetCore.Builder;

namespace Microsoft.Extensions.Hosting;

public static class ServiceRunner
{
    /// <summary>
    /// Runs the service until it is stopped. A start that fails (settings that do not validate, a failed migration, a
    /// port in use) is logged by the host with its reason; the process then ends with exit code 1 and the reason on one
    /// line, instead of the runtime printing the unhandled exception's stack trace and aborting (exit 134).
    /// </summary>
    public static void RunService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Read now: a host whose start failed has disposed its services.
        var name = app.Environment.ApplicationName;
        try
        {
            app.Run();
        }
#pragma warning disable CA1031 // Whatever stopped the start, the host has logged it; what is left is to say so and exit.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var reasons = ex is AggregateException many ? many.Flatten().InnerExceptions.Select(inner => inner.Message) : [ex.Message];
            Console.Error.WriteLine($"{name} did not start: {string.Join("; ", reasons.Distinct())}");
            Environment.ExitCode = 1;
        }
    }
}
