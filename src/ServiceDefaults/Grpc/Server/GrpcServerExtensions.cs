using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Grpc.Server;

namespace Microsoft.Extensions.Hosting;

public static class GrpcServerExtensions
{
    /// <summary>
    /// Serves gRPC on this host: HTTP/2 with prior knowledge (h2c) on every endpoint, beside HTTP/1.1 for
    /// health probes and browsers, with message limits from the <c>Grpc:Server</c> section.
    /// </summary>
    public static TBuilder AddGrpcServer<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<GrpcServerOptions>(GrpcServerOptions.SectionName);
        builder.Services.AddSingleton<GrpcServiceRegistry>();
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));
        return builder;
    }
}
