namespace Platform.Gateway.Persistence;

/// <summary>
/// Kestrel listens while the migrations still run (services start side by side), and a request that reached the
/// tables before them would fail on a missing relation; until the schema is current every request that gets this far
/// (health probes are answered at routing, before any middleware) is told 503 with Retry-After, in OpenAI's shape on
/// <c>/v1</c> as every error there. A failed migration stops the host, which logs why; until it has stopped, requests
/// are told the schema could not be applied.
/// </summary>
internal sealed class MigrationGateMiddleware(RequestDelegate next, MigrationRunner migrations)
{
    public Task InvokeAsync(HttpContext context)
    {
        var applied = migrations.Applied;
        if (applied.IsCompletedSuccessfully)
        {
            return next(context);
        }

        context.Response.Headers.RetryAfter = "1";
        return (applied.IsFaulted
            ? Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Unavailable",
                detail: "The database schema could not be applied, so this Gateway cannot serve requests and is stopping; its log says why.")
            : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Starting",
                detail: "The database schema is being brought up to date; retry in a moment."))
            .ExecuteAsync(context);
    }
}
