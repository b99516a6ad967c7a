using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Gateway.Speech;

namespace Platform.Gateway.Api;

/// <summary>What this Gateway offers, so clients enable features honestly instead of guessing.</summary>
public static class CapabilitiesApi
{
    public static IEndpointRouteBuilder MapCapabilitiesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/capabilities", (SpeechClient speech) => TypedResults.Ok(new Capabilities(
            Voice: speech.IsAvailable,
            VoiceInput: speech.IsAvailable ? new VoiceInputFormat("pcm16", 16_000, 1, ["audio/wav", "audio/L16;rate=16000"]) : null)))
            .WithTags("Health");
        return endpoints;
    }
}
