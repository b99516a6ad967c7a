using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Platform.Gateway.Errors;

/// <summary>
/// Turns a request the framework could not read (malformed JSON, a value of the wrong type, a body over the limit, a
/// wrong content type) into problem details that say what was wrong, with the status the framework chose, and
/// nothing of the server's internals: the framework's own messages name parameters and .NET types.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var (title, detail) = bad.StatusCode switch
        {
            _ when bad.InnerException is JsonException json => ("Bad request", JsonProblem.Describe(json)),
            StatusCodes.Status413PayloadTooLarge => ("Request too large", "The request body is larger than this server accepts."),
            StatusCodes.Status415UnsupportedMediaType => ("Unsupported media type", "Send the body as application/json."),
            _ => ("Bad request", "The request could not be read: its body is missing, empty or malformed."),
        };
        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = bad.StatusCode, Title = title, Detail = detail },
        });
    }
}
