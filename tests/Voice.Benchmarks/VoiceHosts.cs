using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Readiness;
using Platform.SttService;
using Platform.SttService.Recognition;
using Platform.TtsService;
using Platform.TtsService.Synthesis;
using Platform.TtsService.Voices;

namespace Platform.Voice.Benchmarks;

/// <summary>SttService and TtsService as their Program.cs builds them, each on a free loopback port in this process.</summary>
internal sealed class VoiceHosts : IAsyncDisposable
{
    private readonly WebApplication stt;
    private readonly WebApplication tts;
    private readonly GrpcChannel sttChannel;
    private readonly GrpcChannel ttsChannel;

    private VoiceHosts(WebApplication stt, WebApplication tts)
    {
        this.stt = stt;
        this.tts = tts;
        sttChannel = GrpcChannel.ForAddress(stt.Urls.Single(), new GrpcChannelOptions { MaxSendMessageSize = 64 * 1024 * 1024 });
        ttsChannel = GrpcChannel.ForAddress(tts.Urls.Single());
    }

    public CallInvoker Stt => sttChannel.CreateCallInvoker();

    public CallInvoker Tts => ttsChannel.CreateCallInvoker();

    public ReadinessState Decoders => stt.Services.GetRequiredService<ServiceReadiness>().Current;

    public int DecoderCount => stt.Services.GetRequiredService<DecoderPool>().Size;

    public ReadinessState Voices => tts.Services.GetRequiredService<ServiceReadiness>().Current;

    public int VoiceCount => tts.Services.GetRequiredService<VoiceWarmUp>().Catalog!.Voices.Count;

    public static async Task<VoiceHosts> StartAsync()
    {
        var stt = Build("SttService", builder => builder.AddStt());
        stt.MapGrpcService<SttGrpcService>();
        await stt.StartAsync();
        var decoders = await stt.Services.GetRequiredService<ServiceReadiness>().Settled;
        Ensure(decoders.Phase == ReadinessPhase.Ready, $"STT decoders: {decoders.Failure}");

        var tts = Build("TtsService", builder => builder.AddTts());
        tts.MapGrpcService<TtsGrpcService>();
        await tts.StartAsync();
        var voices = await tts.Services.GetRequiredService<ServiceReadiness>().Settled;
        Ensure(voices.Phase == ReadinessPhase.Ready, $"TTS voices: {voices.Failure}");
        return new VoiceHosts(stt, tts);
    }

    public async ValueTask DisposeAsync()
    {
        sttChannel.Dispose();
        ttsChannel.Dispose();
        foreach (var app in new[] { stt, tts })
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static WebApplication Build(string name, Action<WebApplicationBuilder> addService)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = name, EnvironmentName = "Benchmark" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddGrpcServer();
        addService(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }

    private static void Ensure(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
