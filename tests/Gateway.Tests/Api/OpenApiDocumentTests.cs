using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Gateway.Tests.Infrastructure;

namespace Platform.Gateway.Tests.Api;

public sealed partial class OpenApiDocumentTests(GatewayEnvironment environment)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryApiRouteTheGatewayMapsIsInItsOpenApiDocumentServedWithoutCredentials()
    {
        await using var gateway = await GatewayFactory.StartAsync(environment);
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        var described = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet(StringComparer.Ordinal);
        var mapped = gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => $"{method} {WithoutConstraints(endpoint.RoutePattern.RawText!)}"))
            .ToList();
        var missing = mapped.Where(route => !described.Contains(route)).ToList();
        Assert.NotEmpty(mapped);
        Assert.True(missing.Count == 0, "Mapped but not described: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task TurnEventsAreDescribedAsAnEventStreamATurnAsItsJsonAnswerAndUsageWithItsTotalsAndRecords()
    {
        await using var gateway = await GatewayFactory.StartAsync(environment);
        using var client = gateway.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Token));

        var paths = document.RootElement.GetProperty("paths");
        // One status has one description in the document, so the turn's 200 shows its JSON answer and names the stream in words.
        var turn = paths.GetProperty("/api/conversations/{conversationId}/turns").GetProperty("post");
        Assert.EndsWith("/TurnResponse", turn.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString(), StringComparison.Ordinal);
        Assert.Contains("text/event-stream", turn.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(paths.GetProperty("/api/turns/{turnId}/events").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _));
        var usage = paths.GetProperty("/api/usage").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var schema = usage.TryGetProperty("$ref", out var reference)
            ? document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!["#/components/schemas/".Length..])
            : usage;
        Assert.Equal(["records", "totals"], schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// OpenAPI paths name route parameters without their constraints (<c>{id:guid}</c> is <c>{id}</c>) and, as routing
    /// does, take a group's "/" route as the group's own path.
    /// </summary>
    private static string WithoutConstraints(string pattern) => RouteParameter().Replace(pattern, "{${name}}").TrimEnd('/');

    [GeneratedRegex(@"\{\*{0,2}(?<name>\w+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
