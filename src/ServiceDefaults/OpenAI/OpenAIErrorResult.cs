using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Platform.Contracts.OpenAI;

namespace Platform.ServiceDefaults.OpenAI;

/// <summary>
/// An error on <c>/v1</c>: problem details that also carry OpenAI's <c>error</c> object, so OpenAI SDKs report it while
/// other clients read the same problem details as everywhere else.
/// </summary>
public sealed class OpenAIErrorResult(int status, string message, string? param = null, string? code = null, TimeSpan? retryAfter = null) : IResult
{
    public static IResult Create(int status, string message, string? param = null, string? code = null, TimeSpan? retryAfter = null) =>
        new OpenAIErrorResult(status, message, param, code, retryAfter);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (retryAfter is { } wait)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(statusCode: status, title: ReasonPhrases.GetReasonPhrase(status), detail: message,
            extensions: new Dictionary<string, object?> { ["error"] = OpenAIError.For(status, message, param, code) }).ExecuteAsync(httpContext);
    }
}
