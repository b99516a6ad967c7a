using Microsoft.Extensions.Configuration;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ServiceDefaults.Tests.Configuration;

public sealed class ServiceEndpointsTests
{
    [Fact]
    public void ResolvesTheAspireConventionAndPrefersHttps()
    {
        var configuration = Configure(new()
        {
            ["services:llm:http:0"] = "http://127.0.0.1:5001",
            ["services:stt:http:0"] = "http://127.0.0.1:5002",
            ["services:stt:https:0"] = "https://127.0.0.1:5003",
        });

        Assert.Equal(new Uri("http://127.0.0.1:5001"), ServiceEndpoints.Resolve(configuration, "llm"));
        Assert.Equal(new Uri("https://127.0.0.1:5003"), ServiceEndpoints.Resolve(configuration, "stt"));
    }

    [Fact]
    public void MissingAddressNamesTheSettingToSet()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServiceEndpoints.Resolve(Configure([]), "tts"));

        Assert.Contains("services__tts__http__0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedAddressNamesTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServiceEndpoints.Resolve(Configure(new() { ["services:llm:http:0"] = "localhost:5001" }), "llm"));

        Assert.Contains("services__llm__http__0", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configure(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
