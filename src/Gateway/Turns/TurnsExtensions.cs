using Platform.Gateway.Llm;
using Platform.Gateway.ServiceCalls;
using Platform.Gateway.Speech;
using Platform.Contracts.Llm;
using Platform.Contracts.Stt;
using Platform.Contracts.Tts;

namespace Platform.Gateway.Turns;

public static class TurnsExtensions
{
    /// <summary>The turn pipeline: LlmService over gRPC (<c>services__llm__http__0</c>), the Redis client for resume and cross-replica cancel, and the runner.</summary>
    public static IHostApplicationBuilder AddTurns(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<GatewayOptions>(GatewayOptions.SectionName);

        builder.AddServiceGrpcClient<Contracts.Llm.Llm.LlmClient>("llm", grpc => grpc.FirstMessageTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<LlmClient>();

        var stt = builder.Configuration.GetSection("services:stt").Exists();
        var tts = builder.Configuration.GetSection("services:tts").Exists();
        builder.AddServiceGrpcClient<Stt.SttClient>("stt", grpc => grpc.MaxSendMessageSize = 16 * 1024 * 1024);
        builder.AddServiceGrpcClient<Tts.TtsClient>("tts", grpc => grpc.MaxReceiveMessageSize = 16 * 1024 * 1024);
        builder.Services.AddHttpClient(SpeechClient.HealthClientName, http =>
        {
            http.BaseAddress = new Uri("http://stt");
            http.DefaultRequestVersion = System.Net.HttpVersion.Version20;
            http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        });
        builder.Services.AddSingleton(services => new SpeechClient(
            stt ? services.GetRequiredService<Stt.SttClient>() : null,
            tts ? services.GetRequiredService<Tts.TtsClient>() : null,
            services.GetRequiredService<IHttpClientFactory>()));

        builder.Services.AddSingleton<SpokenTimelines>();
        builder.Services.AddSingleton<LiveTurns>();
        builder.Services.AddSingleton<TurnEventWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TurnEventWriter>());
        builder.Services.AddSingleton<TurnEventLog>();
        builder.Services.AddSingleton<TurnEventReader>();
        builder.Services.AddSingleton<ScenarioScoring>();
        builder.Services.AddSingleton<TurnPrompts>();
        builder.Services.AddSingleton<VoiceInput>();
        builder.Services.AddSingleton<ReplyGeneration>();
        builder.Services.AddSingleton<SpokenReplies>();
        builder.Services.AddSingleton<TurnStorage>();
        builder.Services.AddSingleton<TurnPipeline>();
        builder.Services.AddSingleton<TurnLauncher>();
        builder.Services.AddSingleton<TurnRunner>();
        builder.Services.AddSingleton<SpeculationStarter>();
        builder.Services.AddSingleton<TurnStarter>();
        builder.Services.AddSingleton<TurnAnnouncements>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TurnAnnouncements>());
        builder.Services.AddHostedService<TurnCancelListener>();
        return builder;
    }
}
