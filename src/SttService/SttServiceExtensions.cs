using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Platform.SttService.Recognition;

namespace Platform.SttService;

public static class SttServiceExtensions
{
    /// <summary>Room for the request's other fields and protobuf framing around the audio bytes.</summary>
    private const int RequestEnvelopeBytes = 64 * 1024;

    /// <summary>
    /// Speech to text: the <c>Stt</c> options, a pool of pocketsphinx decoders loaded and warmed at start, the
    /// "decoders loaded and warm" health check, and recognition telemetry.
    /// </summary>
    public static TBuilder AddStt<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<SttOptions>(SttOptions.SectionName);
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<SttOptions>, SttOptionsValidator>();

        // The transport admits up to twice the largest audio Stt accepts, so oversized audio in that range gets
        // INVALID_ARGUMENT naming Stt:MaxAudioBytes (a caller's mistake) rather than RESOURCE_EXHAUSTED, which
        // callers read as "busy, retry". Beyond it the transport refuses the message unread.
        services.AddOptions<GrpcServiceOptions>().PostConfigure<IOptions<SttOptions>>((grpc, stt) =>
            grpc.MaxReceiveMessageSize = Math.Max(grpc.MaxReceiveMessageSize ?? 4 * 1024 * 1024, (2 * stt.Value.MaxAudioBytes) + RequestEnvelopeBytes));

        // Kestrel cuts request bodies off at 30,000,000 bytes by default, below what the transport now admits.
        services.AddOptions<KestrelServerOptions>().PostConfigure<IOptions<SttOptions>>((kestrel, stt) =>
            kestrel.Limits.MaxRequestBodySize = Math.Max(kestrel.Limits.MaxRequestBodySize ?? 0, (2L * stt.Value.MaxAudioBytes) + RequestEnvelopeBytes));

        services.AddSingleton<DecoderPool>();
        services.AddSingleton<Transcriber>();
        services.AddSingleton<StreamingTranscriber>();
        services.AddSingleton<RecognitionTelemetry>();
        services.AddReadiness<DecoderWarmUp>("decoders");
        return builder;
    }
}
