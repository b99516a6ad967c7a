using System.Globalization;
using Microsoft.Extensions.Hosting;
using Platform.AppHost.Servers;
using Platform.Testing;

namespace Platform.Gateway.Tests.Infrastructure;

/// <summary>A Gateway replica run from its build output as its own process, ready when its /health answers.</summary>
public sealed class GatewayProcess : IDisposable
{
    private readonly ChildProcess process;

    private GatewayProcess(ChildProcess process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string Output => process.Output;

    public static Task<GatewayProcess> StartAsync(string conversations, string redis, Uri llm, IReadOnlyDictionary<string, string?>? settings = null) =>
        StartAsync(conversations, redis, llm, settings, Extensions.HealthPath);

    /// <summary>A replica whose process answers (<c>/alive</c>), though it may not be ready: for what a starting Gateway answers.</summary>
    public static Task<GatewayProcess> StartAliveAsync(string conversations, string redis, Uri llm, IReadOnlyDictionary<string, string?>? settings = null) =>
        StartAsync(conversations, redis, llm, settings, Extensions.AlivePath);

    private static async Task<GatewayProcess> StartAsync(string conversations, string redis, Uri llm, IReadOnlyDictionary<string, string?>? settings, string probe)
    {
        var port = LoopbackPort.Free();
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ConnectionStrings__conversations"] = conversations,
            ["ConnectionStrings__redis"] = redis,
            ["services__llm__http__0"] = llm.ToString(),
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        var process = ChildProcess.Start("dotnet", [RepositoryLayout.ServiceAssembly("Gateway")], environment);
        var gateway = new GatewayProcess(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
        try
        {
            await gateway.WaitUntilAnswersAsync(probe);
        }
        catch
        {
            gateway.Dispose();
            throw;
        }

        return gateway;
    }

    /// <summary>
    /// A browser on this replica's web page with an anonymous identity: it asks for one as the page does
    /// (<c>POST /api/session</c> from the page's own origin) and keeps the cookie in <paramref name="cookies"/>.
    /// </summary>
    public async Task<HttpClient> CreateBrowserAsync(System.Net.CookieContainer? cookies = null)
    {
        var browser = CreateClient(cookies ?? new System.Net.CookieContainer());
        browser.DefaultRequestHeaders.Add("Origin", Address.GetLeftPart(UriPartial.Authority));
        using var session = await browser.PostAsync("/api/session", null, TestContext.Current.CancellationToken);
        session.EnsureSuccessStatusCode();
        return browser;
    }

    /// <summary>A client of this replica; with a cookie container it keeps cookies, as a browser does.</summary>
    public HttpClient CreateClient(System.Net.CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { UseProxy = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new System.Net.CookieContainer() })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>The replica's exit code once it has ended by itself.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        await process.Process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(timeout, TestContext.Current.CancellationToken);
        return process.Process.ExitCode;
    }

    /// <summary>Ends the replica at once, as <c>kill -9</c> does.</summary>
    public void KillHard() => process.Kill();

    public void Dispose() => process.Dispose();

    private async Task WaitUntilAnswersAsync(string probe)
    {
        using var http = CreateClient();
        // Each probe gives up on its own, so a Gateway that accepts connections but never answers is reported like
        // one that refuses them, with its output, instead of failing on the client's timeout without it.
        http.Timeout = TimeSpan.FromSeconds(5);
        // Generous because a start on two cores shared with a whole test run can take tens of seconds; a Gateway
        // that exits is reported at once, and one that never answers is reported with what it printed.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var lastAnswer = "no answer yet";
        while (true)
        {
            if (process.Process.HasExited)
            {
                throw new InvalidOperationException($"The Gateway exited with {process.Process.ExitCode}:\n{process.Output}");
            }

            try
            {
                using var response = await http.GetAsync(probe);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                lastAnswer = $"{probe} answered {(int)response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                lastAnswer = ex.Message;
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                lastAnswer = $"{probe} did not answer within {http.Timeout.TotalSeconds:0} s";
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The Gateway's {probe} did not answer 2xx ({lastAnswer}):\n{process.Output}");
            }

            await Task.Delay(50);
        }
    }
}
