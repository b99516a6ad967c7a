using System.Diagnostics;
using System.Text.Json;

namespace Platform.AppHost.Tests.Publishing;

/// <summary>The deployment manifest `AppHost --publisher manifest` writes (README "Publishing").</summary>
public sealed class ManifestTests
{
    [Fact]
    public async Task TheManifestDescribesTheServersAsOfficialContainersAndTheServicesAsProjectsWithTheirReferences()
    {
        var output = Directory.CreateTempSubdirectory("platform-manifest-").FullName;
        try
        {
            var manifestPath = Path.Combine(output, "aspire-manifest.json");
            using var publish = Process.Start(new ProcessStartInfo(AppHostProgram.Path, ["--publisher", "manifest", "--output-path", manifestPath])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var log = publish.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await publish.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(publish.ExitCode == 0, await log);

            var resources = JsonDocument.Parse(await File.ReadAllTextAsync(manifestPath, TestContext.Current.CancellationToken)).RootElement.GetProperty("resources");
            foreach (var (name, image) in new[] { ("redis", "docker.io/library/redis:"), ("messaging", "docker.io/library/rabbitmq:"), ("postgres", "docker.io/library/postgres:") })
            {
                Assert.Equal("container.v0", resources.GetProperty(name).GetProperty("type").GetString());
                Assert.StartsWith(image, resources.GetProperty(name).GetProperty("image").GetString(), StringComparison.Ordinal);
            }

            foreach (var service in new[] { "llm", "stt", "tts", "gateway" })
            {
                Assert.Equal("project.v0", resources.GetProperty(service).GetProperty("type").GetString());
            }

            var gateway = resources.GetProperty("gateway").GetProperty("env");
            Assert.Equal("{redis.connectionString}", gateway.GetProperty("ConnectionStrings__redis").GetString());
            Assert.Equal("{messaging.connectionString}", gateway.GetProperty("ConnectionStrings__messaging").GetString());
            Assert.Equal("{conversations.connectionString}", gateway.GetProperty("ConnectionStrings__conversations").GetString());
            Assert.Equal("{llm.bindings.http.url}", gateway.GetProperty("services__llm__http__0").GetString());
            Assert.False(resources.GetProperty("llm").GetProperty("env").TryGetProperty("Llm__ModelPath", out _));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
