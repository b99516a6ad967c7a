using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Grpc;

namespace Microsoft.Extensions.Hosting;

public static class GrpcServerExtensions
{
    public const string SectionName = "Grpc:Server";

    /// <summary>
    /// Grpc.AspNetCore on this host over HTTP/2 with prior knowledge (h2c) on every endpoint, with message limits from
    /// the <c>Grpc:Server</c> section (<c>MaxReceiveMessageSize</c>, <c>MaxSendMessageSize</c>), checked on start; a
    /// call in flight ends with Unavailable when the host stops.
    /// </summary>
    public static TBuilder AddGrpcServer<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddGrpc(grpc => grpc.Interceptors.Add<StoppingInterceptor>());

        // The AppHost kills what is still running a few seconds after SIGTERM; a call stalled on flow control or in
        // native code must not hold the host for .NET's default 30 s. A service may set its own (Llm:ShutdownTimeout).
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.Services.AddOptions<GrpcServiceOptions>()
            .Bind(builder.Configuration.GetSection(SectionName))
            .Validate(options => options.MaxReceiveMessageSize is null or > 0 && options.MaxSendMessageSize is null or > 0,
                $"Settings '{SectionName}:MaxReceiveMessageSize' and '{SectionName}:MaxSendMessageSize' must be positive byte counts.")
            .ValidateOnStart();

        // Kestrel cannot serve prior-knowledge h2c and HTTP/1.1 on one cleartext port (dotnet/aspnetcore#56984).
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));
        return builder;
    }
}
