using System.Globalization;
using System.Net;

namespace Platform.Gateway.Tests.Infrastructure;

/// <summary>LlmService run from its build output as its own process, on the real llama.cpp runtime and stories260K.</summary>
public sealed class LlmServiceProcess : IDisposable
{
    private readonly ChildProcess process;

    private LlmServiceProcess(ChildProcess process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => process.Id;

    public static async Task<LlmServiceProcess> StartAsync()
    {
        var port = FreePort.Next();
        var process = ChildProcess.Start("dotnet", [RepositoryPaths.ServiceAssembly("LlmService")], new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Llm__Provider"] = "local",
            ["Llm__ModelPath"] = RepositoryPaths.StoriesModel,
            ["Llm__NativeLibraryPath"] = RepositoryPaths.LlamaRuntime,
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        });
        var service = new LlmServiceProcess(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
        try
        {
            await service.WaitUntilReadyAsync();
        }
        catch
        {
            service.Dispose();
            throw;
        }

        return service;
    }

    /// <summary>Ends the process at once, as <c>kill -9</c> does.</summary>
    public void KillHard() => process.Kill();

    public void Dispose() => process.Dispose();

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.Process.HasExited)
            {
                throw new InvalidOperationException($"LlmService exited with {process.Process.ExitCode}:\n{process.Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Address, "/health"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"LlmService did not become ready:\n{process.Output}");
            }

            await Task.Delay(50);
        }
    }
}
