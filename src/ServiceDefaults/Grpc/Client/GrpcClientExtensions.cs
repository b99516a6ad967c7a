using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Grpc.Client;

public static partial class GrpcClientExtensions
{
    /// <summary>Binds <c>Grpc:Client:Chaos</c> (off unless set), validated on start, for every channel made by <see cref="CreateGrpcChannel"/>.</summary>
    public static IHostApplicationBuilder AddGrpcClientChaos(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<GrpcChaosOptions>(GrpcChaosOptions.SectionName);
        return builder;
    }

    /// <summary>A channel to <paramref name="address"/> with <paramref name="options"/> and the process's configured chaos.</summary>
    public static GrpcChannel CreateGrpcChannel(this IServiceProvider services, Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        options ??= new GrpcChannelOptions();
        if (services.GetService<IOptions<GrpcChaosOptions>>()?.Value is { Enabled: true } chaos)
        {
            options.Chaos = chaos;
            LogChaosOn(services.GetRequiredService<ILoggerFactory>().CreateLogger<GrpcChannel>(), address, chaos.ToString());
        }

        return new GrpcChannel(address, options);
    }

    [LoggerMessage(LogLevel.Warning, "gRPC client chaos is ON for calls to {Address}: {Chaos}. Never in production.")]
    private static partial void LogChaosOn(ILogger logger, Uri address, string chaos);
}
