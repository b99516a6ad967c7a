using Platform.Gateway.Scenarios;
using Platform.Testing;

namespace Platform.Gateway.Tests.Scenarios;

public sealed class ScenarioCatalogTests : IDisposable
{
    private const string Valid = """
        {"id": "x-test", "title": "T", "language": "de", "level": "A2",
         "character": {"name": "Hans", "persona": "P", "openingLine": "Hallo!"},
         "objectives": [{"id": "greet", "description": "Greet", "points": 10, "phrases": ["hallo"]}]}
        """;

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("scenarios-");

    [Fact]
    public void The_shipped_catalog_has_the_three_scenarios_each_with_objectives_and_a_judged_one()
    {
        var catalog = ScenarioCatalog.Load(Path.Combine(RepositoryLayout.Root, "src", "Gateway", "Scenarios", "Catalog"));

        Assert.Equal(["de-restaurant", "en-hotel", "es-cafe"], catalog.All.Select(s => s.Id));
        Assert.Equal("Hans", catalog.Find("de-restaurant")!.Character.Name);
        Assert.All(catalog.All, s => Assert.True(s.Objectives.Count >= 4));
        Assert.Contains(catalog.All, s => s.Objectives.Any(o => o.Judge));
    }

    [Theory]
    [InlineData("\"points\": 10", "\"points\": \"ten\"", "objectives[0].points")]
    [InlineData("\"points\": 10", "\"points\": 0", "objectives[0].points")]
    [InlineData("\"phrases\": [\"hallo\"]", "\"patterns\": [\"(unclosed\"]", "objectives[0].patterns[0]")]
    [InlineData("\"phrases\": [\"hallo\"]", "\"judge\": false", "objectives[0].phrases")]
    [InlineData("\"level\": \"A2\"", "\"level\": \"Z9\"", "level")]
    [InlineData("\"openingLine\": \"Hallo!\"", "\"opening\": \"Hallo!\"", "character.openingLine")]
    [InlineData("\"id\": \"x-test\"", "\"id\": \"X Test\"", "id")]
    [InlineData("\"title\": \"T\",", "\"title\": \"T\"", "line 1")]
    public void A_malformed_file_is_refused_naming_the_file_and_the_field(string replace, string with, string field)
    {
        File.WriteAllText(Path.Combine(folder.FullName, "good.json"), Valid.Replace("x-test", "good", StringComparison.Ordinal));
        var bad = Path.Combine(folder.FullName, "bad.json");
        File.WriteAllText(bad, Valid.Replace(replace, with, StringComparison.Ordinal));

        var refused = Assert.Throws<ScenarioFileException>(() => ScenarioCatalog.Load(folder.FullName));

        Assert.Equal((bad, field), (refused.File, refused.Field));
        Assert.Contains(bad, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_files_with_one_id_are_refused()
    {
        File.WriteAllText(Path.Combine(folder.FullName, "a.json"), Valid);
        File.WriteAllText(Path.Combine(folder.FullName, "b.json"), Valid);

        Assert.Equal("id", Assert.Throws<ScenarioFileException>(() => ScenarioCatalog.Load(folder.FullName)).Field);
    }

    public void Dispose() => folder.Delete(recursive: true);
}
