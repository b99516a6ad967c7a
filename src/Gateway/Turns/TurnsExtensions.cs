using Platform.Gateway.Llm;
using Platform.Gateway.Realtime;
using Platform.Gateway.Speech;
using Platform.ServiceDefaults.Configuration;
using Platform.ServiceDefaults.Grpc.Client;

namespace Platform.Gateway.Turns;

public static class TurnsExtensions
{
    /// <summary>The turn pipeline: LlmService over gRPC (<c>services__llm__http__0</c>), the Redis client for resume and cross-replica cancel, and the runner.</summary>
    public static IHostApplicationBuilder AddTurns(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<GatewayOptions>(GatewayOptions.SectionName);

        builder.Services.AddSingleton<RedisCalls>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");

        var llmAddress = ServiceEndpoints.Resolve(builder.Configuration, "llm");
        builder.Services.AddSingleton(services => new LlmClient(services.CreateGrpcChannel(llmAddress, new GrpcChannelOptions { FirstMessageTimeout = TimeSpan.FromSeconds(30) })));

        var stt = ServiceEndpoints.TryResolve(builder.Configuration, "stt");
        var tts = ServiceEndpoints.TryResolve(builder.Configuration, "tts");
        builder.Services.AddSingleton(services => new SpeechClient(
            stt is null ? null : services.CreateGrpcChannel(stt, new GrpcChannelOptions { MaxSendMessageSize = 16 * 1024 * 1024 }),
            tts is null ? null : services.CreateGrpcChannel(tts, new GrpcChannelOptions { MaxReceiveMessageSize = 16 * 1024 * 1024 })));

        builder.Services.AddSingleton<LiveTurns>();
        builder.Services.AddSingleton<TurnEventWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TurnEventWriter>());
        builder.Services.AddSingleton<TurnEventLog>();
        builder.Services.AddSingleton<TurnEventReader>();
        builder.Services.AddSingleton<TurnRunner>();
        builder.Services.AddSingleton<TurnStarter>();
        builder.Services.AddSingleton<TurnAnnouncements>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TurnAnnouncements>());
        builder.Services.AddHostedService<TurnCancelListener>();
        return builder;
    }
}
