using Microsoft.Extensions.Options;
using Platform.TtsService.Engines;
using Platform.TtsService.Engines.EspeakNg;
using Platform.TtsService.Engines.Flite;
using Platform.TtsService.Synthesis;
using Platform.TtsService.Voices;

namespace Platform.TtsService;

public static class TtsServiceExtensions
{
    /// <summary>
    /// Text to speech: the <c>Tts</c> options, flite and espeak-ng with their voices loaded and warmed at start,
    /// the "voices loaded and warm" health check, and synthesis telemetry.
    /// </summary>
    public static TBuilder AddTts<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<TtsOptions>(TtsOptions.SectionName);
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<TtsOptions>, TtsOptionsValidator>();
        services.AddSingleton<SpeechEngine, FliteEngine>();
        services.AddSingleton<SpeechEngine, EspeakNgEngine>();
        services.AddSingleton<Synthesizer>();
        services.AddSingleton<SynthesisTelemetry>();
        services.AddReadiness<VoiceWarmUp>("voices");
        return builder;
    }
}
