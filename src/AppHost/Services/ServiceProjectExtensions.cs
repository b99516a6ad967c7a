using System.Net;
using System.Reflection;

namespace Aspire.Hosting;

public static class ServiceProjectExtensions
{
    private static readonly HttpClient HealthClient = new() { Timeout = TimeSpan.FromSeconds(5) };

    private static readonly Dictionary<string, string> Telemetry = new()
    {
        // Aspire sets these three only for a Development AppHost; without them metrics reach the dashboard once a minute.
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000", ["OTEL_BSP_SCHEDULE_DELAY"] = "1000", ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
        // Once the dashboard has gone the exporter gives up in a second, without retries: stopping takes seconds.
        ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "1000", ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = string.Empty,
    };

    /// <summary>An HTTP endpoint (the services have no launch settings), readiness from /health, a start from the build output, and telemetry that is current and stops fast.</summary>
    public static IResourceBuilder<ProjectResource> WithPlatformDefaults(this IResourceBuilder<ProjectResource> service, int? port = null)
    {
        var settings = service.ApplicationBuilder.Configuration;
        var external = settings["OTEL_EXPORTER_OTLP_ENDPOINT"];
        service.WithHttpEndpoint(port: port is { } wanted ? LoopbackPort.PreferredOrFree(wanted) : null);
        if (!service.ApplicationBuilder.ExecutionContext.IsPublishMode && BuildOutputOf(service.Resource) is { } assembly)
        {
            // `dotnet run --no-build`, Aspire's way, spends seconds evaluating the project before the service starts, on
            // every restart after a crash too; the build output starts at once.
            // Aspire 13.6's way to replace a project's launch verb; marked for evaluation, so pinned with the SDK.
#pragma warning disable ASPIREEXTENSION001
            service.WithLaunchToolArgs(context => context.Args.Add(assembly), showInCommandLine: true);
#pragma warning restore ASPIREEXTENSION001
        }

        foreach (var (name, value) in Telemetry)
        {
            service.WithEnvironment(name, value);
        }

        return string.IsNullOrWhiteSpace(external) ? service.WithHealthEndpoint() : service.WithHealthEndpoint()
            .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", external)
            .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", settings["OTEL_EXPORTER_OTLP_PROTOCOL"] ?? "grpc");
    }

    /// <summary>Ready once GET /health answers 200 over h2c (all the gRPC services speak) or HTTP/1.1 (the Gateway); Aspire's own check speaks only HTTP/1.1.</summary>
    public static IResourceBuilder<T> WithHealthEndpoint<T>(this IResourceBuilder<T> service)
        where T : IResourceWithEndpoints
    {
        var endpoint = service.GetEndpoint("http");
        return service.WithReadiness(async cancellationToken =>
        {
            var answer = string.Empty;
            foreach (var version in new[] { HttpVersion.Version20, HttpVersion.Version11 })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(endpoint.Url), "/health")) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
                try
                {
                    using var response = await HealthClient.SendAsync(request, cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        return HealthCheckResult.Healthy();
                    }

                    answer += $" HTTP/{version} {(int)response.StatusCode}";
                }
                catch (HttpRequestException exception)
                {
                    answer += $" HTTP/{version} {exception.Message}";
                }
            }

            return HealthCheckResult.Unhealthy($"{endpoint.Url}/health answered{answer}.");
        });
    }

    /// <summary>The repository's stories260K.gguf unless Llm__ModelPath names another; a published manifest leaves the model to the deployment.</summary>
    public static IResourceBuilder<ProjectResource> WithLocalModel(this IResourceBuilder<ProjectResource> llm) =>
        llm.ApplicationBuilder.ExecutionContext.IsPublishMode
            ? llm
            : llm.WithEnvironment("Llm__ModelPath", llm.ApplicationBuilder.Configuration["Llm:ModelPath"]
                ?? Path.Combine(llm.ApplicationBuilder.RepositoryRoot(), "models", "stories260K.gguf"));

    /// <summary>The service's assembly as the AppHost's own build (same configuration and framework) made it, when it is there.</summary>
    private static string? BuildOutputOf(ProjectResource service)
    {
        var project = service.GetProjectMetadata().ProjectPath;
        var configuration = typeof(ServiceProjectExtensions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var assembly = Path.Combine(Path.GetDirectoryName(project)!, "bin", configuration, $"net{Environment.Version.Major}.0", Path.GetFileNameWithoutExtension(project) + ".dll");
        return File.Exists(assembly) ? assembly : null;
    }
}
