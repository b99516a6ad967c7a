using System.Reflection;
using Platform.AppHost.Servers;

namespace Platform.AppHost.Services;

public static class ServiceProjectExtensions
{
    private static readonly HttpClient HealthClient = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>
    /// What every service of this repository gets: an HTTP endpoint (on <paramref name="port"/> when given and free;
    /// the services have no launch settings), readiness from GET /health, a start from its build output, and telemetry
    /// export that gives up fast when the dashboard is gone, so that stopping takes seconds, not the exporter's retries.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPlatformDefaults(this IResourceBuilder<ProjectResource> service, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(service);
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

        return service
            .WithHealthEndpoint()
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables["OTEL_EXPORTER_OTLP_TIMEOUT"] = "1000";
                context.EnvironmentVariables["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = string.Empty;
                if (!string.IsNullOrWhiteSpace(external))
                {
                    context.EnvironmentVariables["OTEL_EXPORTER_OTLP_ENDPOINT"] = external;
                    context.EnvironmentVariables["OTEL_EXPORTER_OTLP_PROTOCOL"] = settings["OTEL_EXPORTER_OTLP_PROTOCOL"] ?? "grpc";
                }
            });
    }

    /// <summary>
    /// Ready once GET /health on its "http" endpoint answers 200, asked over HTTP/2 without TLS (the gRPC services speak
    /// only that) and then HTTP/1.1 (the Gateway's browsers do); Aspire's own HTTP check speaks only HTTP/1.1.
    /// </summary>
    public static IResourceBuilder<T> WithHealthEndpoint<T>(this IResourceBuilder<T> service)
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(service);
        var endpoint = service.GetEndpoint("http");
        return service.WithReadiness(async cancellationToken =>
        {
            var answers = new List<string>();
            foreach (var version in new[] { System.Net.HttpVersion.Version20, System.Net.HttpVersion.Version11 })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(endpoint.Url), "/health")) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
                try
                {
                    using var response = await HealthClient.SendAsync(request, cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        return HealthCheckResult.Healthy();
                    }

                    answers.Add($"HTTP/{version} {(int)response.StatusCode}");
                }
                catch (HttpRequestException exception)
                {
                    answers.Add($"HTTP/{version} {exception.Message}");
                }
            }

            return HealthCheckResult.Unhealthy($"{endpoint.Url}/health answered {string.Join(", ", answers)}.");
        });
    }

    /// <summary>
    /// Points the LLM service at the repository's stories260K.gguf (unless Llm__ModelPath names another model); a
    /// published manifest leaves the model to the deployment's own configuration.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLocalModel(this IResourceBuilder<ProjectResource> llm)
    {
        ArgumentNullException.ThrowIfNull(llm);
        if (llm.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return llm;
        }

        var root = Path.GetFullPath(Path.Combine(llm.ApplicationBuilder.AppHostDirectory, "..", ".."));
        var model = llm.ApplicationBuilder.Configuration["Llm:ModelPath"] ?? Path.Combine(root, "models", "stories260K.gguf");
        return llm.WithEnvironment("Llm__ModelPath", model);
    }

    /// <summary>The service's assembly as the AppHost's own build (same configuration and framework) made it, when it is there.</summary>
    private static string? BuildOutputOf(ProjectResource service)
    {
        var project = service.GetProjectMetadata().ProjectPath;
        var configuration = typeof(ServiceProjectExtensions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var assembly = Path.Combine(Path.GetDirectoryName(project)!, "bin", configuration, $"net{Environment.Version.Major}.0", Path.GetFileNameWithoutExtension(project) + ".dll");
        return File.Exists(assembly) ? assembly : null;
    }
}
