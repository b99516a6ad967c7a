using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Platform.ServiceDefaults.OpenAI;

/// <summary>
/// An error on <c>/v1</c>: problem details that also carry OpenAI's <c>error {message, type, param, code}</c>, so OpenAI
/// SDKs report it (and do not retry a 4xx) while other clients read the same problem details as everywhere else.
/// </summary>
public static class OpenAIErrorResult
{
    public static IResult Create(int status, string message, string? param = null, string? code = null, TimeSpan? retryAfter = null)
    {
        var problem = TypedResults.Problem(statusCode: status, title: ReasonPhrases.GetReasonPhrase(status), detail: message, extensions: new Dictionary<string, object?>
        {
            ["error"] = Error(status, message, param, code),
        });
        return retryAfter is { } wait ? new WithRetryAfter(problem, wait) : problem;
    }

    /// <summary>The <c>error</c> object alone, as a stream's last event carries it when the failure comes after the headers.</summary>
    public static object Error(int status, string message, string? param, string? code) => new
    {
        message,
        type = status switch
        {
            StatusCodes.Status401Unauthorized => "authentication_error",
            StatusCodes.Status404NotFound => "not_found_error",
            StatusCodes.Status429TooManyRequests => "rate_limit_error",
            >= 500 => "server_error",
            _ => "invalid_request_error",
        },
        param,
        code,
    };

    private sealed class WithRetryAfter(IResult inner, TimeSpan wait) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
