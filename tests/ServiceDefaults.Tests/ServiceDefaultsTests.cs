using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Tests;

public sealed class ServiceDefaultsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HealthIsUnavailableUntilEveryRegisteredCheckPassesWhileAliveAnswersAtOnce()
    {
        var warm = false;
        await using var app = await StartAsync(builder =>
            builder.Services.AddHealthChecks().AddCheck("model", () => warm ? HealthCheckResult.Healthy("warm") : HealthCheckResult.Unhealthy("loading")));
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        using (var health = await http.GetAsync("/health", Token))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Contains("loading", await health.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        }

        using (var alive = await http.GetAsync("/alive", Token))
        {
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }

        warm = true;
        using var ready = await http.GetAsync("/health", Token);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task UnhandledExceptionBecomesProblemDetailsWithoutTheExceptionText()
    {
        await using var app = await StartAsync(configureApp: app => app.MapGet("/boom", string () => throw new InvalidOperationException("secret internals")));
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        using var response = await http.GetAsync("/boom", Token);
        var body = await response.Content.ReadAsStringAsync(Token);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidSettingStopsTheStartWithAMessageNamingIt()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(
            builder => builder.AddGrpcServer(),
            settings: new Dictionary<string, string?> { ["Grpc:Server:MaxReceiveMessageSize"] = "0" }));

        Assert.Contains("MaxReceiveMessageSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsupportedOtlpProtocolIsRefusedNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4318",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/json",
        }));

        Assert.Contains("OTEL_EXPORTER_OTLP_PROTOCOL", error.Message, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartAsync(
        Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? configureApp = null,
        IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddServiceDefaults();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        configureApp?.Invoke(app);
        try
        {
            await app.StartAsync(Token);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }
}
