using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Platform.GrpcInteropHost;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Grpc.Client;

namespace Platform.ServiceDefaults.Tests.Grpc;

/// <summary>Requests no well-behaved client sends, written by hand, each answered with the right status while the server stays healthy.</summary>
public sealed class MalformedRequestTests : IAsyncLifetime
{
    private const int MaxReceiveMessageSize = 1024;

    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false });
    private InteropServer server = null!;

    public async ValueTask InitializeAsync() =>
        server = await InteropServer.StartAsync(new Dictionary<string, string?>
        {
            ["Grpc:Server:MaxReceiveMessageSize"] = MaxReceiveMessageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task FrameClaimingMoreThanTheMaxSizeIsResourceExhausted()
    {
        var header = Frame(payloadLength: MaxReceiveMessageSize + 1, payload: []);

        using var response = await SendAsync(header);

        AssertStatus(response, StatusCode.ResourceExhausted);
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task TruncatedFrameIsInternal()
    {
        var truncated = Frame(payloadLength: 10, payload: [0x0A, 0x02, 0x68]);

        using var response = await SendAsync(truncated);

        AssertStatus(response, StatusCode.Internal);
        Assert.Contains("Incomplete", Detail(response), StringComparison.Ordinal);
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task WrongContentTypeIs415WithInternalStatus()
    {
        using var response = await SendAsync(Frame(0, []), contentType: "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        AssertStatus(response, StatusCode.Internal);
        Assert.Contains("application/json", Detail(response), StringComparison.Ordinal);
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task Http11RequestIsRefusedWith400()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Address.Host, server.Address.Port, TestContext.Current.CancellationToken);
        var stream = client.GetStream();
        var request = $"POST {InteropMethods.Echo.Path} HTTP/1.1\r\nHost: {server.Target}\r\nContent-Type: application/grpc\r\nContent-Length: 5\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request).Concat(Frame(0, [])).ToArray(), TestContext.Current.CancellationToken);

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync(TestContext.Current.CancellationToken);

        Assert.StartsWith("HTTP/1.1 400", statusLine, StringComparison.Ordinal);
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task CompressedFrameWithoutEncodingIsInternal()
    {
        var compressed = Frame(0, []);
        compressed[0] = 1;

        using var response = await SendAsync(compressed);

        AssertStatus(response, StatusCode.Internal);
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task RequestWithoutAMessageIsInternal()
    {
        using var response = await SendAsync([]);

        AssertStatus(response, StatusCode.Internal);
        await AssertHealthyAsync();
    }

    private static byte[] Frame(int payloadLength, byte[] payload)
    {
        var frame = new byte[GrpcProtocol.HeaderSize + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payloadLength);
        payload.CopyTo(frame, GrpcProtocol.HeaderSize);
        return frame;
    }

    private async Task<HttpResponseMessage> SendAsync(byte[] body, string contentType = GrpcProtocol.ContentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, InteropMethods.Echo.Path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TE.ParseAdd("trailers");
        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        return response;
    }

    private static void AssertStatus(HttpResponseMessage response, StatusCode expected)
    {
        var status = response.Headers.TryGetValues(GrpcProtocol.StatusHeader, out var inHeaders)
            ? inHeaders.Single()
            : response.TrailingHeaders.GetValues(GrpcProtocol.StatusHeader).Single();
        Assert.Equal(((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture), status);
    }

    private static string Detail(HttpResponseMessage response) =>
        GrpcProtocol.DecodeMessage(response.Headers.TryGetValues(GrpcProtocol.MessageHeader, out var values) ? values.Single() : null);

    private async Task AssertHealthyAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Address, "/health"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var channel = new GrpcChannel(server.Address);
        var echo = await channel.UnaryAsync(InteropMethods.Echo, new StringValue { Value = "still serving" }, new GrpcCallOptions(CancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("still serving", echo.Value);
    }
}
