using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Gateway.Identity;
using Platform.Gateway.Scenarios;
using Platform.Gateway.Validation;
using Platform.Gateway.Conversations;

namespace Platform.Gateway.Api;

public static partial class ConversationsApi
{
    private static readonly string[] Levels = ["A1", "A2", "B1", "B2", "C1", "C2"];

    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/conversations").WithTags("Conversations").RequireAuthorization();
        api.MapGet("/", ListAsync);
        api.MapPost("/", CreateAsync);
        api.MapGet("/{id:guid}", GetAsync);
        return endpoints;
    }

    private static async Task<Results<Created<ConversationResponse>, ValidationProblem>> CreateAsync(
        CreateConversationRequest? request, ClaimsPrincipal user, ConversationStore store, ScenarioCatalog catalog, CancellationToken cancellationToken)
    {
        if (request?.ScenarioId is { } scenarioId)
        {
            return await CreateFromScenarioAsync(scenarioId, user, store, catalog, cancellationToken);
        }

        var language = string.IsNullOrWhiteSpace(request?.Language) ? "en" : request.Language.Trim();
        var level = request?.Level?.Trim().ToUpperInvariant() ?? string.Empty;
        var scenario = request?.Scenario?.Trim() ?? string.Empty;
        var persona = request?.Persona?.Trim() ?? string.Empty;

        var errors = new Dictionary<string, string[]>();
        foreach (var (field, value) in new[] { ("language", request?.Language), ("level", request?.Level), ("scenario", request?.Scenario), ("persona", request?.Persona) })
        {
            if (StorableText.Problem(field, value) is { } unstorable)
            {
                errors[field] = [unstorable];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!LanguageTag().IsMatch(language))
        {
            errors["language"] = [$"'{language}' is not a language tag such as 'en' or 'es-MX'."];
        }

        if (level.Length > 0 && !Levels.Contains(level))
        {
            errors["level"] = [$"'{level}' is not a CEFR level; use one of {string.Join(", ", Levels)}."];
        }

        if (scenario.Length > 500)
        {
            errors["scenario"] = ["The scenario must be at most 500 characters."];
        }

        if (persona.Length > 2_000)
        {
            errors["persona"] = ["The persona must be at most 2,000 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var conversation = await store.CreateAsync(user.UserId(), language, level, scenario, persona, cancellationToken);
        return TypedResults.Created($"/api/conversations/{conversation.Id}", ConversationResponse.From(conversation));
    }

    /// <summary>The scenario's character speaks first: its persona is the system prompt and its opening line the first message.</summary>
    private static async Task<Results<Created<ConversationResponse>, ValidationProblem>> CreateFromScenarioAsync(
        string scenarioId, ClaimsPrincipal user, ConversationStore store, ScenarioCatalog catalog, CancellationToken cancellationToken)
    {
        if (catalog.Find(scenarioId.Trim()) is not { } scenario)
        {
            var known = string.Join(", ", catalog.All.Select(s => s.Id));
            var shown = scenarioId.Length > 64 ? scenarioId[..64] + "…" : scenarioId;
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["scenarioId"] = [$"There is no scenario '{shown}'; use one of {known}."] });
        }

        var settings = new Conversation(Guid.Empty, scenario.Language, scenario.Level, scenario.Title, scenario.Character.Persona, default, scenario.Id);
        var conversation = await store.CreateAsync(user.UserId(), settings, scenario.Character.OpeningLine, cancellationToken);
        return TypedResults.Created($"/api/conversations/{conversation.Id}", ConversationResponse.From(conversation));
    }

    private static async Task<Ok<IReadOnlyList<ConversationSummary>>> ListAsync(ClaimsPrincipal user, ConversationStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(user.UserId(), 100, cancellationToken));

    private static async Task<Results<Ok<ConversationDetailsResponse>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, ConversationStore store, CancellationToken cancellationToken) =>
        await store.GetDetailsAsync(id, user.UserId(), cancellationToken) is { } details
            ? TypedResults.Ok(ConversationDetailsResponse.From(details))
            : NotFound(id);

    internal static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Conversation not found", detail: $"There is no conversation {id}.");

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();
}
