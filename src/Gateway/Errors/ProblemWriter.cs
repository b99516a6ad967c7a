using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Platform.Contracts.OpenAI;

namespace Platform.Gateway.Errors;

/// <summary>
/// The one writer of every error body: the endpoints' own, authentication's, the limits', and the framework's (routing's
/// 404 and 405, unreadable bodies, unhandled exceptions). Always problem details whatever the Accept header, so no
/// client gets an empty or plain-text error; on <c>/v1</c> they also carry OpenAI's <c>error</c> object, which OpenAI
/// SDKs read. Registered ahead of the framework's writer, which writes only for JSON-accepting clients.
/// </summary>
internal sealed class ProblemWriter : IProblemDetailsWriter
{
    private const string ContentType = "application/problem+json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        var status = problem.Status ?? http.Response.StatusCode;
        problem.Status = status;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        if (http.Request.Path.StartsWithSegments("/v1") && !problem.Extensions.ContainsKey("error"))
        {
            problem.Extensions["error"] = OpenAIError.For(status, problem.Detail ?? problem.Title ?? string.Empty);
        }

        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), Json, ContentType, http.RequestAborted));
    }
}
