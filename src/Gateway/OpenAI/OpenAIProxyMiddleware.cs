using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Platform.Contracts.OpenAI;
using Platform.Gateway.Identity;
using Platform.Gateway.Limits;
using Platform.Gateway.Usage;
using Yarp.ReverseProxy.Model;

namespace Platform.Gateway.OpenAI;

/// <summary>
/// The Gateway's own work on a <c>/v1</c> request before and after YARP forwards it (authentication and the request
/// rate ran earlier, as on every endpoint): the body limit, one of the user's concurrent slots, a streamed chat asked
/// to report its usage, then the usage the response reported stored for the user and one audit line; a forwarding
/// failure (no healthy destination, a service gone) is answered in OpenAI's error shape.
/// </summary>
public sealed partial class OpenAIProxyMiddleware(RequestDelegate next)
{
    private static readonly TimeSpan SlotHeldAtMost = TimeSpan.FromMinutes(10);

    public async Task InvokeAsync(HttpContext context, UserLimiter limiter, UsageStore usage, IOptions<LimitsOptions> limits, IOptions<GatewayOptions> gateway, ILogger<OpenAIProxyMiddleware> logger)
    {
        var started = Stopwatch.GetTimestamp();
        var route = context.GetReverseProxyFeature().Route.Config.RouteId;
        var maxBody = route == OpenAIRoutes.Transcriptions ? gateway.Value.MaxAudioBytes + 64 * 1024 : limits.Value.MaxBodyBytes;
        if (context.Request.ContentLength > maxBody)
        {
            await Problem(context, StatusCodes.Status413PayloadTooLarge, $"The request body is {context.Request.ContentLength} bytes; the limit is {maxBody}.");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxBody;
        }

        var userId = context.User.UserId();
        var slot = Guid.CreateVersion7();
        var holdsSlot = HttpMethods.IsPost(context.Request.Method);
        if (holdsSlot && !await limiter.TryStartTurnAsync(userId, slot, SlotHeldAtMost))
        {
            context.Response.Headers.RetryAfter = "1";
            await Problem(context, StatusCodes.Status429TooManyRequests, $"This user already has {limits.Value.ConcurrentTurns} requests running; wait for one to finish.");
            return;
        }

        var original = context.Response.Body;
        MeteredResponseStream? metered = null;
        try
        {
            var dropUsageChunk = false;
            if (route == OpenAIRoutes.Chat)
            {
                try
                {
                    dropUsageChunk = await AskForStreamUsageAsync(context.Request);
                }
                catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    await Problem(context, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {maxBody} bytes.");
                    return;
                }
            }

            metered = new MeteredResponseStream(original, context.Response, dropUsageChunk);
            context.Response.Body = metered;
            await next(context);
            await metered.CompleteAsync(context.RequestAborted);
            if (context.GetForwarderErrorFeature() is { } failure && !context.Response.HasStarted)
            {
                context.Response.Body = original;
                var status = context.Response.StatusCode is >= 400 ? context.Response.StatusCode : StatusCodes.Status502BadGateway;
                await Problem(context, status, status == StatusCodes.Status503ServiceUnavailable
                    ? "No healthy instance of the service is available; retry shortly."
                    : $"The service could not answer ({failure.Error}); retry shortly.");
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        finally
        {
            context.Response.Body = original;

            // The client has its whole answer before the slot is released and the usage stored.
            if (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.CompleteAsync();
            }

            if (holdsSlot)
            {
                await limiter.EndTurnAsync(userId, slot);
            }

            var record = new UsageRecord(
                route,
                metered?.Model,
                context.RequestAborted.IsCancellationRequested ? StatusCodes.Status499ClientClosedRequest : context.Response.StatusCode,
                metered?.PromptTokens ?? 0,
                metered?.CompletionTokens ?? 0,
                route == OpenAIRoutes.Transcriptions ? AudioSeconds(context) : 0,
                route == OpenAIRoutes.Speech ? AudioSeconds(context) : 0,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                DateTimeOffset.UtcNow);
            LogAudit(logger, userId, route, record.Status, record.DurationMs, record.Model, record.PromptTokens, record.CompletionTokens, record.AudioInSeconds, record.AudioOutSeconds);
            try
            {
                await usage.AddAsync(userId, record, CancellationToken.None);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                LogUsageLost(logger, userId, route, ex.Message);
            }
        }
    }

    /// <summary>
    /// A streamed chat reports its token counts only when asked (<c>stream_options.include_usage</c>); asks for them when
    /// the client did not, and says so, so the usage chunk the client did not want is left out again. A body that is
    /// not a JSON object goes on as it came, for the service to refuse.
    /// </summary>
    private static async Task<bool> AskForStreamUsageAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        var body = buffer.ToArray();
        var asked = false;
        try
        {
            if (JsonNode.Parse(body) is JsonObject chat && chat["stream"] is JsonValue stream && stream.TryGetValue<bool>(out var streamed) && streamed
                && !(chat["stream_options"]?["include_usage"] is JsonValue include && include.TryGetValue<bool>(out var included) && included))
            {
                var options = chat["stream_options"] as JsonObject ?? [];
                options["include_usage"] = true;
                chat["stream_options"] = options;
                body = JsonSerializer.SerializeToUtf8Bytes(chat);
                asked = true;
            }
        }
        catch (JsonException)
        {
        }

        request.Body = new MemoryStream(body);
        request.ContentLength = body.Length;
        return asked;
    }

    private static double AudioSeconds(HttpContext context) =>
        double.TryParse(context.Response.Headers[UsageHeaders.AudioSeconds], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;

    private static Task Problem(HttpContext context, int status, string detail) =>
        Results.Problem(statusCode: status, detail: detail).ExecuteAsync(context);

    [LoggerMessage(Level = LogLevel.Information, Message = "OpenAI audit: user {UserId} route {Route} status {Status} duration_ms {DurationMs} model {Model} prompt_tokens {PromptTokens} completion_tokens {CompletionTokens} audio_in_s {AudioInSeconds} audio_out_s {AudioOutSeconds}")]
    private static partial void LogAudit(ILogger logger, Guid userId, string route, int status, double durationMs, string? model, int promptTokens, int completionTokens, double audioInSeconds, double audioOutSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage of user {UserId} on {Route} could not be stored: {Reason}")]
    private static partial void LogUsageLost(ILogger logger, Guid userId, string route, string reason);
}
