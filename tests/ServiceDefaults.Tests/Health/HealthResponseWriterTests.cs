using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.ServiceDefaults.Health;

namespace Platform.ServiceDefaults.Tests.Health;

public sealed class HealthResponseWriterTests
{
    private static readonly HealthReport Report = new(
        new Dictionary<string, HealthReportEntry>
        {
            ["masstransit-bus"] = new(HealthStatus.Degraded, "rabbitmq://10.1.2.3:5672/conversation-summarized is not ready", TimeSpan.FromMilliseconds(2), null, new Dictionary<string, object> { ["endpoint"] = "rabbitmq://10.1.2.3:5672" }),
        },
        TimeSpan.FromMilliseconds(3));

    [Fact]
    public async Task ACallerOnThisMachineSeesEveryCheckWithItsDescriptionAndData()
    {
        var body = await WriteForAsync(IPAddress.IPv6Loopback);

        var check = body.GetProperty("checks").GetProperty("masstransit-bus");
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        Assert.Contains("10.1.2.3", check.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("rabbitmq://10.1.2.3:5672", check.GetProperty("data").GetProperty("endpoint").GetString());
    }

    [Fact]
    public async Task ACallerFromElsewhereSeesOnlyTheOverallStateAndNothingOfThePlatformsInsides()
    {
        var body = await WriteForAsync(IPAddress.Parse("203.0.113.5"));

        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        Assert.Equal(["status"], body.EnumerateObject().Select(property => property.Name));
    }

    private static async Task<JsonElement> WriteForAsync(IPAddress caller)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = caller;
        using var response = new MemoryStream();
        context.Response.Body = response;

        await HealthResponseWriter.WriteAsync(context, Report);

        return JsonDocument.Parse(response.ToArray()).RootElement.Clone();
    }
}
