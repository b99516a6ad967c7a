using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Platform.AppHost.Hosting;
using Platform.AppHost.Processes;
using Platform.Testing;

namespace Platform.AppHost.Tests.Platform;

public sealed class PlatformTests(RunningPlatform platform) : IClassFixture<RunningPlatform>
{
    private static readonly string[] Services = ["gateway", "llm", "stt", "tts"];
    private static readonly string[] Infrastructure = ["redis", "messaging-epmd", "messaging", "postgres"];

    [Fact]
    public async Task Every_resource_comes_up_and_every_services_health_answers_200()
    {
        foreach (var resource in Infrastructure.Concat(Services))
        {
            var (_, pid) = await platform.AppHost.ResourceAsync(resource);
            Assert.True(ProcessTable.IsRunning(pid), $"{resource} (pid {pid}) does not run");
        }

        foreach (var service in Services)
        {
            var (address, _) = await platform.AppHost.ResourceAsync(service);
            Assert.Equal(HttpStatusCode.OK, await HealthEndpoint.GetAsync(new Uri(address)));
        }
    }

    [Theory]
    [InlineData("gateway", "Gateway")]
    [InlineData("llm", "LlmService")]
    [InlineData("stt", "SttService")]
    [InlineData("tts", "TtsService")]
    public async Task Each_service_runs_its_build_output_with_dotnet_and_its_project_folder_as_content_root(string resource, string project)
    {
        var (_, pid) = await platform.AppHost.ResourceAsync(resource);
        var projectFolder = Path.Combine(RepositoryLayout.Locate().Root, "src", project);

        Assert.Equal(
            $"{Path.Combine(projectFolder, "bin", RepositoryLayout.BuildConfiguration, RepositoryLayout.TargetFrameworkFolder, project + ".dll")}",
            ProcessTable.CommandLine(pid).Split(' ')[^1]);
        Assert.Matches(@"(^|/)dotnet$", ProcessTable.CommandLine(pid).Split(' ')[0]);
        Assert.Equal(projectFolder, new DirectoryInfo($"/proc/{pid}/cwd").ResolveLinkTarget(returnFinalTarget: true)?.FullName);
    }

    [Fact]
    public async Task The_banner_gives_the_gateway_url_the_dashboard_url_and_a_development_api_key_that_works()
    {
        var (gatewayAddress, _) = await platform.AppHost.ResourceAsync("gateway");
        var output = platform.AppHost.Output;

        Assert.Matches($@"Gateway: +{Regex.Escape(gatewayAddress)}\b", output);
        var dashboard = Regex.Match(output, @"Dashboard: +(http://127\.0\.0\.1:\d+)\b");
        Assert.True(dashboard.Success, "The banner names no dashboard URL.");
        using (var page = new HttpClient())
        {
            using var answer = await page.GetAsync(new Uri(new Uri(dashboard.Groups[1].Value), "/"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var key = Regex.Match(output, @"Development API key: (pk_dev_[0-9a-f]+)").Groups[1].Value;
        using var http = new HttpClient { BaseAddress = new Uri(gatewayAddress) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        using var created = await http.PostAsync("/api/conversations", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task The_gateway_moves_off_a_port_another_program_holds_and_says_so()
    {
        var (gatewayAddress, _) = await platform.AppHost.ResourceAsync("gateway");

        Assert.NotEqual(platform.TakenGatewayPort, new Uri(gatewayAddress).Port);
        Assert.Contains(
            $"gateway: port {platform.TakenGatewayPort} is in use by another program; using port {new Uri(gatewayAddress).Port} instead",
            platform.AppHost.Output,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_killed_with_SIGKILL_is_healthy_again_within_10_seconds_and_the_log_says_so()
    {
        var (address, killed) = await platform.AppHost.ResourceAsync("gateway");
        var back = platform.AppHost.WaitForLineAsync(
            new Regex(@"gateway is back and healthy \(pid (\d+)\), ([\d.]+) s after it exited"), TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();

        Libc.Kill(killed, (int)Signal.Kill);

        var recovered = await back;
        var healthy = await HealthEndpoint.GetAsync(new Uri(address));
        clock.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"gateway killed -9 -> healthy again in {clock.Elapsed.TotalSeconds:0.00} s (AppHost says {recovered.Groups[2].Value} s)");
        Assert.Equal(HttpStatusCode.OK, healthy);
        Assert.NotEqual(killed.ToString(System.Globalization.CultureInfo.InvariantCulture), recovered.Groups[1].Value);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Contains($"gateway (pid {killed}) exited unexpectedly with signal 9 (SIGKILL)", platform.AppHost.Output, StringComparison.Ordinal);
    }
}
