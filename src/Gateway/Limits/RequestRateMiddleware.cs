using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Platform.Gateway.Identity;

namespace Platform.Gateway.Limits;

/// <summary>429 with Retry-After for a user over the request rate, on every endpoint that needs a user.</summary>
public sealed class RequestRateMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, UserLimiter limiter)
    {
        if (context.User.Identity?.IsAuthenticated == true
            && context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is not null
            && await limiter.CountRequestAsync(context.User.UserId()) is { } retryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                detail: $"This user is over its request rate; try again in {seconds} s.").ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
