using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Platform.Gateway.Limits;

/// <summary>
/// Turns a request the framework could not read (malformed JSON, a body over the limit) into problem details that
/// say what was wrong, with the status the framework chose, and nothing of the server's internals.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var detail = bad.InnerException is JsonException json
            ? $"The body is not valid JSON: {json.Message}"
            : bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "The request body is larger than this server accepts."
                : bad.Message;
        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = bad.StatusCode, Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request too large" : "Bad request", Detail = detail },
        });
    }
}
