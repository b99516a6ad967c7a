using System.ComponentModel.DataAnnotations;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;

namespace Platform.Gateway.ServiceCalls;

public static partial class GrpcClientExtensions
{
    /// <summary>
    /// A typed gRPC client of the service named <paramref name="serviceName"/> (its address from service discovery,
    /// <c>services__{name}__http__0</c>), with contract-named client spans and the first-message resilience pipeline.
    /// </summary>
    public static IHttpClientBuilder AddServiceGrpcClient<TClient>(this IHostApplicationBuilder builder, string serviceName, Action<GrpcClientOptions>? configure = null)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Services.Any(service => service.ServiceType == typeof(IValidateOptions<GrpcChaosOptions>)))
        {
            builder.AddValidatedOptions<GrpcChaosOptions>(GrpcChaosOptions.SectionName);
        }

        var options = new GrpcClientOptions();
        configure?.Invoke(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        var client = builder.Services
            .AddGrpcClient<TClient>(client => client.Address = new Uri($"http://{serviceName}"))
            .ConfigureChannel(channel =>
            {
                channel.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
                channel.MaxSendMessageSize = options.MaxSendMessageSize;
            })
            .ConfigurePrimaryHttpMessageHandler(CreateHandler)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
#pragma warning disable EXTEXP0001 // The standard HTTP handler would time out and retry whole streams; GrpcCallResilience replaces it.
        client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return client
            .AddHttpMessageHandler(services => new ReplicaAffinityHandler(
                services.GetRequiredService<ServiceEndpointResolver>(), serviceName, services.GetService<TimeProvider>() ?? TimeProvider.System))
            .AddInterceptor(InterceptorScope.Channel, services =>
            {
                var chaos = services.GetRequiredService<IOptions<GrpcChaosOptions>>().Value;
                if (chaos.Enabled)
                {
                    LogChaosOn(services.GetRequiredService<ILoggerFactory>().CreateLogger<GrpcChaosOptions>(), serviceName, chaos.ToString());
                }

                return new GrpcCallPipeline(options, chaos, serviceName);
            });
    }

    /// <summary>HTTP/2 to one service, over several connections when streams pile up, with keep-alive pings.</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        UseProxy = false,

        // The call's client span sends its own context; an HTTP span under it would repeat it.
        ActivityHeadersPropagator = null,
    };

    [LoggerMessage(LogLevel.Warning, "gRPC client chaos is ON for calls to {Service}: {Chaos}. Never in production.")]
    private static partial void LogChaosOn(ILogger logger, string service, string chaos);
}
