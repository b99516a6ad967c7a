using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Platform.Gateway.Tests.Jobs;

/// <summary>
/// An OpenAI-compatible server, speaking the real chat-completion SSE wire format, whose model answers every prompt
/// with one text, by default <see cref="VocabularyAnswer"/>: a valid vocabulary array in a code fence, as an
/// instruction-tuned model would.
/// </summary>
public sealed class OpenAIModelServer : IAsyncDisposable
{
    public const string VocabularyAnswer = "Here are the words:\n```json\n[{\"term\": \"journeys\", \"lemma\": \"journey\", \"partOfSpeech\": \"noun\", " +
        "\"definition\": \"a trip from one place to another\", \"example\": \"The journey took two days.\", \"cefrLevel\": \"B1\"}]\n```";

    private readonly WebApplication app;

    private OpenAIModelServer(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<OpenAIModelServer> StartAsync(string answer = VocabularyAnswer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync(Chunk(new { role = "assistant", content = answer }, finishReason: null));
            await context.Response.WriteAsync(Chunk(new { }, "stop") + "data: [DONE]\n\n");
        });
        await app.StartAsync();
        var server = new OpenAIModelServer(app) { BaseUrl = new Uri(app.Urls.Single() + "/v1") };
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static string Chunk(object delta, string? finishReason) => "data: " + JsonSerializer.Serialize(new
    {
        id = "chatcmpl-1",
        @object = "chat.completion.chunk",
        created = 1_735_689_600,
        model = "vocabulary-model",
        choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
    }) + "\n\n";
}
