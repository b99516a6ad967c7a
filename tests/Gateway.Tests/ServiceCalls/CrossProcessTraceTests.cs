using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Platform.GrpcInteropHost;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Platform.Gateway.ServiceCalls;
using Platform.Testing.Telemetry;

namespace Platform.Gateway.Tests.ServiceCalls;

public sealed class CrossProcessTraceTests
{
    private const string TestSourceName = "Platform.ServiceDefaults.Tests";

    private static readonly ActivitySource TestSource = new(TestSourceName);

    [Fact]
    public async Task CallToAnotherProcessExportsItsServerSpanNamedLikeTheClientSpanAsItsChildAndFlushesOnShutdown()
    {
        await using var collector = await OtlpCollector.StartAsync(TestContext.Current.CancellationToken);
        using var host = ServiceProcess.Start(typeof(InteropService).Assembly.Location, collector.ExporterSettings("interop-host"));
        var address = await host.ListeningAsync();
        var clientSpans = new List<Activity>();
        using var listener = SpanCapture.Start(clientSpans, name => name is GrpcCallPipeline.SourceName or "System.Net.Http" or TestSourceName);

        ActivityTraceId traceId;
        using (var root = TestSource.StartActivity("test"))
        using (var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = GrpcClientExtensions.CreateHandler() }))
        {
            traceId = root!.TraceId;
            var client = new Interop.InteropClient(channel.Intercept(new GrpcCallPipeline(new GrpcClientOptions(), new GrpcChaosOptions(), "interop-host")));
            await client.EchoAsync(new StringValue { Value = "traced" }, cancellationToken: TestContext.Current.CancellationToken);
        }

        List<Activity> ours;
        lock (clientSpans)
        {
            ours = clientSpans.Where(a => a.TraceId == traceId).ToList();
        }

        Assert.Equal(0, await host.TerminateAsync());
        var server = await collector.WaitForSpanAsync(s => s.Name == "interop.echo", TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var grpcClient = Assert.Single(ours, a => a.Source.Name == GrpcCallPipeline.SourceName);
        Assert.Equal("interop.echo", grpcClient.DisplayName);
        Assert.Equal(ActivityKind.Client, grpcClient.Kind);
        Assert.DoesNotContain(ours, a => a.Source.Name == "System.Net.Http");
        Assert.Equal("interop-host", server.ServiceName);
        Assert.Equal(ReceivedSpan.ServerKind, server.Span.Kind);
        Assert.Equal(grpcClient.TraceId.ToHexString(), server.TraceId);
        Assert.Equal(grpcClient.SpanId.ToHexString(), server.ParentSpanId);
        Assert.Equal(0, server.Attribute("rpc.grpc.status_code")?.IntValue);
        Assert.Equal("POST", server.Attribute("http.request.method")?.StringValue);
        Assert.Equal("/platform.interop.v1.Interop/Echo", server.Attribute("http.route")?.StringValue);
        Assert.Equal(0, grpcClient.GetTagItem("rpc.grpc.status_code"));
    }
}
