using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;

namespace Platform.Gateway.Tests.Scenarios;

/// <summary>Scenario conversations through the real Gateway and LlmService (stories260K): rule-based objectives score before the reply streams.</summary>
public sealed class ScenarioTurnTests(GatewayEnvironment environment, StoriesLlmService llm) : IClassFixture<StoriesLlmService>
{
    private const string GreetAndOrderADrink = "Guten Abend! Ich hätte gern ein Bier, bitte.";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_scenario_list_names_each_scenario_with_its_character_and_objectives()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, llm.Service.BaseAddress);

        var scenarios = await harness.Client().GetFromJsonAsync<JsonElement>("/api/scenarios", Token);

        Assert.Equal(["de-restaurant", "en-hotel", "es-cafe"], scenarios.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        var restaurant = scenarios[0];
        Assert.Equal(("Hans", "de", "A2"), (restaurant.GetProperty("character").GetString(), restaurant.GetProperty("language").GetString(), restaurant.GetProperty("level").GetString()));
        Assert.Contains(restaurant.GetProperty("objectives").EnumerateArray(), o => o.GetProperty("id").GetString() == "order-drink" && o.GetProperty("points").GetInt32() == 20);
        Assert.False(restaurant.TryGetProperty("persona", out _));
    }

    [Fact]
    public async Task A_scenario_conversation_starts_with_the_characters_opening_line_and_its_persona_as_settings()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, llm.Service.BaseAddress);
        var conversation = await harness.CreateConversationAsync(new { scenarioId = "de-restaurant" });

        var details = await harness.Client().GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", Token);

        Assert.Equal(("de-restaurant", "de", "A2", 0), (details.GetProperty("scenarioId").GetString(), details.GetProperty("language").GetString(),
            details.GetProperty("level").GetString(), details.GetProperty("score").GetInt32()));
        Assert.StartsWith("You are Hans", details.GetProperty("persona").GetString(), StringComparison.Ordinal);
        var opening = Assert.Single(details.GetProperty("messages").EnumerateArray());
        Assert.Equal(("assistant", "Guten Abend und herzlich willkommen! Ich bin Hans. Was darf ich Ihnen zu trinken bringen?"),
            (opening.GetProperty("role").GetString(), opening.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task Over_SSE_a_matching_message_gets_metadata_before_its_first_token_and_the_same_message_again_scores_nothing()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, llm.Service.BaseAddress);
        var conversation = await harness.CreateConversationAsync(new { scenarioId = "de-restaurant" });

        var first = await harness.StreamTurnAsync(conversation, GreetAndOrderADrink).ToListAsync(Token);
        var again = await harness.StreamTurnAsync(conversation, GreetAndOrderADrink).ToListAsync(Token);

        Assert.Equal("metadata", first[0].Type);
        Assert.True(first.FindIndex(e => e.Type == "token") > 0, string.Join(", ", first.Select(e => e.Type)));
        Assert.Equal("turn.completed", first[^1].Type);
        var scored = first[0].Json;
        Assert.Equal(["greet:10", "order-drink:20"], Completions(scored));
        Assert.Equal((30, 30, 3), (scored.GetProperty("scoreChange").GetInt32(), scored.GetProperty("score").GetInt32(), scored.GetProperty("remaining").GetInt32()));

        Assert.Equal("metadata", again[0].Type);
        Assert.Empty(Completions(again[0].Json));
        Assert.Equal((0, 30, 3), (again[0].Json.GetProperty("scoreChange").GetInt32(), again[0].Json.GetProperty("score").GetInt32(), again[0].Json.GetProperty("remaining").GetInt32()));
        Assert.Equal("turn.completed", again[^1].Type);

        var details = await harness.Client().GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", Token);
        Assert.Equal(30, details.GetProperty("score").GetInt32());
        Assert.Equal(["greet:10", "order-drink:20"], details.GetProperty("objectivesCompleted").EnumerateArray()
            .Select(o => $"{o.GetProperty("id").GetString()}:{o.GetProperty("points").GetInt32()}").Order());
        Assert.Equal(first[0].Id![..first[0].Id!.LastIndexOf(':')], details.GetProperty("objectivesCompleted")[0].GetProperty("turnId").GetString());
    }

    [Fact]
    public async Task Over_the_WebSocket_a_matching_message_gets_a_metadata_frame_before_its_first_chunk_and_scores_once()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, llm.Service.BaseAddress);
        var conversation = await harness.CreateConversationAsync(new { scenarioId = "de-restaurant" });
        using var socket = await GatewaySocket.ConnectAsync(harness, conversation);

        await socket.SendAsync(new { type = "message", content = "Ich nehme das Schnitzel." });
        var first = await socket.ReceiveTurnAsync();
        await socket.SendAsync(new { type = "message", content = "Ich nehme das Schnitzel." });
        var again = await socket.ReceiveTurnAsync();

        var types = first.Select(f => f.GetProperty("type").GetString()).ToList();
        Assert.Equal("metadata", types[0]);
        Assert.True(types.IndexOf("chunk") > 0, string.Join(", ", types));
        Assert.Equal("complete", types[^1]);
        Assert.Equal(["order-food:20"], Completions(first[0].GetProperty("data")));
        Assert.Equal((20, 20, 4), (first[0].GetProperty("data").GetProperty("scoreChange").GetInt32(), first[0].GetProperty("data").GetProperty("score").GetInt32(),
            first[0].GetProperty("data").GetProperty("remaining").GetInt32()));
        Assert.Equal("metadata", again[0].GetProperty("type").GetString());
        Assert.Equal((0, 20), (again[0].GetProperty("data").GetProperty("scoreChange").GetInt32(), again[0].GetProperty("data").GetProperty("score").GetInt32()));

        var details = await harness.Client().GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", Token);
        Assert.Equal("order-food", Assert.Single(details.GetProperty("objectivesCompleted").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_conversation_without_a_scenario_gets_no_metadata_and_the_free_text_scenario_still_works()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, llm.Service.BaseAddress);
        var conversation = await harness.CreateConversationAsync(new { language = "de", scenario = "In a restaurant" });

        var events = await harness.StreamTurnAsync(conversation, GreetAndOrderADrink).ToListAsync(Token);

        Assert.Equal("turn.started", events[0].Type);
        Assert.DoesNotContain(events, e => e.Type == "metadata");
        var details = await harness.Client().GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", Token);
        Assert.Equal(("In a restaurant", JsonValueKind.Null), (details.GetProperty("scenario").GetString(), details.GetProperty("scenarioId").ValueKind));
    }

    [Fact]
    public async Task An_unknown_scenario_id_is_400_listing_the_valid_ids()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, llm.Service.BaseAddress);

        using var response = await harness.Client().PostAsJsonAsync("/api/conversations", new { scenarioId = "moon-base" }, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("errors").GetProperty("scenarioId")[0].GetString();
        Assert.Contains("'moon-base'", message, StringComparison.Ordinal);
        Assert.Contains("de-restaurant, en-hotel, es-cafe", message, StringComparison.Ordinal);
    }

    private static List<string> Completions(JsonElement metadata) =>
        metadata.GetProperty("objectivesCompleted").EnumerateArray().Select(o => $"{o.GetProperty("id").GetString()}:{o.GetProperty("points").GetInt32()}").Order().ToList();
}
