using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Platform.Contracts.Llm;
using Platform.LlmService.Generation;
using Platform.LlmService.Providers;
using Platform.ServiceDefaults.OpenAI;

namespace Platform.LlmService.OpenAI;

/// <summary>
/// OpenAI's chat-completions API beside the Generate RPC, on the same <see cref="Generator"/>, so the Gateway can
/// proxy any OpenAI client here. This port is internal (loopback, behind the Gateway): it trusts its caller, and the
/// Gateway authenticates, limits and meters before it forwards.
/// </summary>
public static partial class ChatCompletionsEndpoint
{
    /// <summary>The largest request body; the Gateway's own limit is lower.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapOpenAI(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup("/v1").WithTags("OpenAI");
        v1.MapPost("/chat/completions", CompleteAsync);
        v1.MapGet("/models", Models);
        return endpoints;
    }

    private static async Task CompleteAsync(HttpContext context, Generator generator, ILlmProvider provider, IOptions<LlmOptions> options, ILoggerFactory loggers)
    {
        if (await ReadAsync(context) is not { } request)
        {
            return;
        }

        var check = ChatCompletionValidator.Check(request, options.Value.DefaultMaxTokens);
        if (check.Valid is not { } valid)
        {
            await OpenAIErrorResult.Create(check.Status, check.Message!, check.Param).ExecuteAsync(context);
            return;
        }

        var generate = new GenerateRequest
        {
            Model = request.Model is { Length: > 0 } model && provider.Serves(model) ? model : string.Empty,
            Priority = Priority.Interactive,
            Options = new GenerationOptions
            {
                MaxTokens = valid.MaxTokens,
                Temperature = request.Temperature ?? 0,
                Greedy = request.Temperature is 0,
                TopP = request.TopP ?? 0,
                Seed = request.Seed ?? 0,
            },
        };
        generate.Options.Stop.AddRange(valid.Stops);
        generate.Messages.AddRange(valid.Prompt);

        var writer = new ChatCompletionWriter(context, request.Stream, request.StreamOptions?.IncludeUsage == true);
        var aborted = context.RequestAborted;
        try
        {
            await generator.RunAsync(generate, writer, Activity.Current, aborted, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client left; the generation stopped with it.
        }
        catch (RpcException ex) when (aborted.IsCancellationRequested && ex.StatusCode == StatusCode.Cancelled)
        {
        }
        catch (RpcException ex)
        {
            await (ex.StatusCode switch
            {
                StatusCode.OutOfRange => writer.FailAsync(StatusCodes.Status400BadRequest, ex.Status.Detail, "messages", "context_length_exceeded"),
                StatusCode.InvalidArgument => writer.FailAsync(StatusCodes.Status400BadRequest, ex.Status.Detail, null, null),
                StatusCode.ResourceExhausted => writer.FailAsync(StatusCodes.Status429TooManyRequests, ex.Status.Detail, null, "overloaded", TimeSpan.FromSeconds(1)),
                _ => writer.FailAsync(StatusCodes.Status503ServiceUnavailable, ex.Status.Detail, null, "llm_unavailable", TimeSpan.FromSeconds(1)),
            });
        }
        catch (Exception ex) when (!aborted.IsCancellationRequested)
        {
            LogFailed(loggers.CreateLogger(typeof(ChatCompletionsEndpoint)), ex);
            await writer.FailAsync(StatusCodes.Status500InternalServerError, "The model failed while generating; see the service's log.", null, "server_error");
        }
    }

    /// <summary>The request, or null once a 4xx in OpenAI's shape is written for a body that is not one.</summary>
    private static async Task<ChatCompletionRequest?> ReadAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            await OpenAIErrorResult.Create(StatusCodes.Status415UnsupportedMediaType, "Send the request as application/json.").ExecuteAsync(context);
            return null;
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await TooLarge(context);
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            if (await JsonSerializer.DeserializeAsync<ChatCompletionRequest>(context.Request.Body, JsonSerializerOptions.Web, context.RequestAborted) is { } request)
            {
                return request;
            }

            await OpenAIErrorResult.Create(StatusCodes.Status400BadRequest, "The body must be a JSON object.").ExecuteAsync(context);
        }
        catch (JsonException ex)
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"{ex.Path ?? "$"} (line {ex.LineNumber ?? 0}, byte {ex.BytePositionInLine ?? 0})");
            await OpenAIErrorResult.Create(StatusCodes.Status400BadRequest, $"The JSON body is malformed or holds a value of the wrong type at {where}.", ex.Path).ExecuteAsync(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await TooLarge(context);
        }

        return null;
    }

    private static Task TooLarge(HttpContext context) =>
        OpenAIErrorResult.Create(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {MaxBodyBytes} bytes.").ExecuteAsync(context);

    private static IResult Models(ILlmProvider provider) => Results.Json(new
    {
        @object = "list",
        data = new[] { new { id = provider.Model, @object = "model", created = 0, owned_by = provider.Name } },
    }, ChatCompletionWriter.Json);

    [LoggerMessage(Level = LogLevel.Error, Message = "A chat completion failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
