using Platform.AppHost.Servers;

namespace Platform.AppHost.Services;

public static class ServiceProjectExtensions
{
    /// <summary>
    /// What every service of this repository gets: an HTTP endpoint (on <paramref name="port"/> when given and free;
    /// the services have no launch settings), readiness from GET /health (<see cref="HealthEndpointCheck"/>), and telemetry export that gives up fast
    /// when the dashboard is gone, so that stopping takes seconds, not the exporter's retries.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPlatformDefaults(this IResourceBuilder<ProjectResource> service, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        var settings = service.ApplicationBuilder.Configuration;
        var external = settings["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var healthCheck = $"{service.Resource.Name}-health";
        service.WithHttpEndpoint(port: port is { } wanted ? LoopbackPort.PreferredOrFree(wanted) : null);
        service.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(healthCheck, _ => new HealthEndpointCheck(service.GetEndpoint("http"), "/health"), failureStatus: null, tags: null));
        return service
            .WithHealthCheck(healthCheck)
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
}
