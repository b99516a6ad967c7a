using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.LlmService.Tests.Providers.Fakes;

/// <summary>
/// An in-test Kestrel server that speaks each provider's real wire format: Ollama's <c>/api/chat</c> NDJSON,
/// OpenAI's <c>/v1/chat/completions</c> SSE chunks and Anthropic's <c>/v1/messages</c> SSE events. It plays a
/// <see cref="FakeScript"/>, records the requests, and tells when a client went away mid-stream.
/// </summary>
public sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<JsonElement> requests = new();
    private TaskCompletionSource aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeProviderServer(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = null!;

    public FakeScript Script { get; set; } = FakeScript.Text("Hello");

    /// <summary>Ollama's preload (a chat without messages) waits for this before it answers.</summary>
    public TaskCompletionSource PreloadGate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<JsonElement> Requests => [.. requests];

    /// <summary>Completes when a client left a stream before its end.</summary>
    public Task ClientWentAway => aborted.Task;

    public static async Task<FakeProviderServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new FakeProviderServer(app);
        app.MapPost("/api/chat", context => server.ServeAsync(context, OllamaWire.Instance));
        app.MapPost("/v1/chat/completions", context => server.ServeAsync(context, OpenAIWire.Instance));
        app.MapPost("/v1/messages", context => server.ServeAsync(context, AnthropicWire.Instance));
        await app.StartAsync(TestContext.Current.CancellationToken);
        server.Address = new Uri(app.Urls.Single() + "/");
        return server;
    }

    public void ExpectClientToGoAway() => aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        PreloadGate.TrySetResult();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context, IProviderWire wire)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var request = body.RootElement.Clone();
        requests.Enqueue(request);
        if (wire is OllamaWire && request.GetProperty("messages").GetArrayLength() == 0)
        {
            await PreloadGate.Task.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsJsonAsync(new { model = request.GetProperty("model").GetString(), done = true, done_reason = "load" });
            return;
        }

        var script = Script;
        if (script.Ending == FakeEnding.HttpError)
        {
            context.Response.StatusCode = script.HttpStatus;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(wire.ErrorBody(script.ErrorMessage));
            return;
        }

        context.Response.ContentType = wire.ContentType;
        var response = context.Response;
        var model = request.GetProperty("model").GetString() ?? "model";
        await Send(wire.Begin(model));
        for (var i = 0; i < script.Pieces.Count; i++)
        {
            await Send(wire.Piece(model, script.Pieces[i]));
        }

        switch (script.Ending)
        {
            case FakeEnding.Error:
                await Send(wire.Error(script.ErrorMessage));
                break;
            case FakeEnding.Hang:
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    aborted.TrySetResult();
                }

                break;
            default:
                await Send(wire.End(model, script.Ending == FakeEnding.Length ? "length" : "stop", promptTokens: 7, completionTokens: script.Pieces.Count));
                break;
        }

        async Task Send(string text)
        {
            if (text.Length > 0)
            {
                await response.WriteAsync(text, context.RequestAborted);
                await response.Body.FlushAsync(context.RequestAborted);
            }
        }
    }
}
