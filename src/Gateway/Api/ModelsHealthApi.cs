using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Gateway.Llm;
using Platform.Gateway.Speech;
using Grpc.Core;
using Platform.Gateway.Health;

namespace Platform.Gateway.Api;

public static class ModelsHealthApi
{
    public static IEndpointRouteBuilder MapModelsHealthApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/health/models", GetAsync).WithTags("Health");
        return endpoints;
    }

    private static async Task<Ok<ModelsHealthResponse>> GetAsync(LlmClient llm, SpeechClient speech, CancellationToken cancellationToken)
    {
        var services = new List<ServiceModels>();
        try
        {
            var reply = await llm.ModelsAsync(cancellationToken);
            services.Add(new ServiceModels("llm", "up", null, reply.Models.Select(m => new ModelState(m.Id, m.Provider, m.State, m.LoadMs, m.WarmupMs, m.Description)).ToList()));
        }
        catch (RpcException ex)
        {
            services.Add(new ServiceModels("llm", "unavailable", ex.Status.Detail, []));
        }

        try
        {
            if (await speech.SttHealthAsync(cancellationToken) is { } stt)
            {
                services.Add(new ServiceModels("stt", stt.Ready ? "up" : "loading", null, [new ModelState("pocketsphinx", "pocketsphinx", stt.Ready ? "ready" : "loading", 0, 0, stt.Report)]));
            }
        }
        catch (HttpRequestException ex)
        {
            services.Add(new ServiceModels("stt", "unavailable", ex.Message, []));
        }

        try
        {
            var voices = await speech.VoicesAsync(cancellationToken);
            services.Add(new ServiceModels("tts", "up", null, voices.Voices.Select(v => new ModelState(v.Name, v.Engine, "ready", 0, 0, $"{v.Language}, {v.SampleRate} Hz")).ToList()));
        }
        catch (RpcException ex)
        {
            services.Add(new ServiceModels("tts", ex.StatusCode == StatusCode.Unavailable && !speech.IsAvailable ? "not configured" : "unavailable", ex.Status.Detail, []));
        }

        return TypedResults.Ok(new ModelsHealthResponse(services));
    }
}
