using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Testing.Grpc;
using Xunit;

namespace Platform.Testing;

/// <summary>
/// One gRPC service of this repository built as its Program.cs builds it (service defaults, the gRPC server, its
/// features, its gRPC service), in this process on a free loopback port, with a gRPC channel to it: for tests and
/// benchmarks that reach inside the service (its model status, its pools) where a child process would hide them.
/// </summary>
public class InProcessService : IAsyncDisposable
{
    private readonly WebApplication app;

    private readonly GrpcChannel channel;

    protected InProcessService(WebApplication app, int maxSendMessageSize = 4 * 1024 * 1024)
    {
        ArgumentNullException.ThrowIfNull(app);
        this.app = app;
        Address = new Uri(app.Urls.Single());
        channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { HttpHandler = Http2Handler.Create(), MaxSendMessageSize = maxSendMessageSize });
        Channel = channel.CreateCallInvoker();
    }

    public Uri Address { get; }

    /// <summary>Calls to the service, under the test's span when there is one.</summary>
    public CallInvoker Channel { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>Whether GET /health answers 200, asked over HTTP/2 as the service's endpoints speak only that.</summary>
    public async Task<bool> IsReadyAsync()
    {
        using var http = new HttpClient(Http2Handler.Create())
        {
            DefaultRequestVersion = System.Net.HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await http.GetAsync(new Uri(Address, Microsoft.Extensions.Hosting.Extensions.HealthPath), TestContext.Current.CancellationToken);
        return response.IsSuccessStatusCode;
    }

    /// <summary>host:port, as a python peer wants it.</summary>
    public string Target => $"{Address.Host}:{Address.Port}";

    /// <summary>
    /// The service as its Program.cs builds it, with <paramref name="settings"/> as its configuration, logging at
    /// Warning or, with <paramref name="logs"/>, everything to that provider.
    /// </summary>
    public static WebApplication Build<TGrpcService>(
        string applicationName,
        IDictionary<string, string?>? settings,
        Action<IHostApplicationBuilder> addFeatures,
        ILoggerProvider? logs = null)
        where TGrpcService : class
    {
        ArgumentNullException.ThrowIfNull(addFeatures);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = applicationName });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(logs is null ? LogLevel.Warning : LogLevel.Trace);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddServiceDefaults();
        builder.AddGrpcServer();
        addFeatures(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGrpcService<TGrpcService>();
        return app;
    }

    /// <summary>Starts a built service; one that fails to start is disposed, so nothing it opened outlives it.</summary>
    protected static async Task<WebApplication> StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    public async ValueTask DisposeAsync()
    {
        channel.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
